// The last question and answer per chat, for /source and follow-ups ('那2021年呢').
// Bounded and in process memory only: lost on restart, and per instance in webhook mode.
import type { Answer } from '../../src/answer/types.js';

export interface Exchange {
  question: string;
  answer: Answer;
}

export class LastAnswers {
  private readonly map = new Map<number, Exchange>();
  constructor(private readonly max = 1000) {}

  get(chat: number): Exchange | undefined {
    const e = this.map.get(chat);
    if (e) {
      this.map.delete(chat);
      this.map.set(chat, e);
    }
    return e;
  }

  set(chat: number, e: Exchange): void {
    this.map.delete(chat);
    this.map.set(chat, e);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
}
