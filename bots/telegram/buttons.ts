// Inline buttons whose callback_data carries the question itself, so they work after a restart
// and on any instance: 'q:<question>' when it fits Telegram's 64 bytes, else 'k:<row>', resolved
// from the pressed message's own keyboard (the button text is the full question).

/** The structural part of Telegram's InlineKeyboardMarkup that we create and read. */
export interface QuestionKeyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}
type AnyKeyboard = { inline_keyboard: ReadonlyArray<ReadonlyArray<{ text: string; callback_data?: string }>> };

const MAX_DATA_BYTES = 64;
const MAX_BUTTONS = 4;

export function encodeQuestion(question: string, row: number): string {
  const data = `q:${question}`;
  return Buffer.byteLength(data, 'utf8') <= MAX_DATA_BYTES ? data : `k:${row}`;
}

export function questionKeyboard(questions: string[]): QuestionKeyboard | undefined {
  const qs = questions.map((q) => q.trim()).filter(Boolean).slice(0, MAX_BUTTONS);
  if (qs.length === 0) return undefined;
  return { inline_keyboard: qs.map((q, row) => [{ text: q, callback_data: encodeQuestion(q, row) }]) };
}

/** The question a pressed button asks, or undefined when it cannot be resolved (e.g. the message is too old to be shown). */
export function decodeQuestion(data: string, keyboard?: AnyKeyboard): string | undefined {
  if (data.startsWith('q:')) return data.slice(2).trim() || undefined;
  if (data.startsWith('k:') && keyboard) {
    for (const row of keyboard.inline_keyboard) {
      for (const button of row) {
        if (button.callback_data === data) return button.text.trim() || undefined;
      }
    }
  }
  return undefined;
}
