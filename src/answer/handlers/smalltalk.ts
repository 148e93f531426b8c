// Thanks, greetings, who the bot is, abuse and suspicion: a short polite reply that says what can be
// asked. Never a figure.
import type { Handler } from '../ask.js';
import { wordsOnly } from '../../reply/types.js';

const KINDS = [
  [/^(谢谢|多谢|感谢|谢了|thanks?|thank you|thx)/i, '不客气！还有问题可以接着问我。'],
  [/^(你好|您好|嗨|哈喽|hi|hello|hey|早上好|晚上好|下午好)[!！。.]?$/i, '您好！我回答政府信息公开工作年度报告里的问题，每个回答都注明出处。'],
  [/你是谁|你叫什么|你是什么|你是机器人|who are you|what are you/i, '我是政府信息公开年报问答助手：只根据已收录的年度报告回答，给出报告印出的数字、清单和原文，并注明出处；报告没写的，我会直说。'],
  [/隐瞒|骗人|骗子|造假|糊弄|忽悠|不透明|暗箱|黑幕/, '我只转述报告本身印出的内容，不评价、不补充。报告中的数字和原文都可以按出处核对；如对政府信息公开有疑问，可以依法申请公开或咨询发布机关。'],
  [/傻|笨蛋|垃圾|滚|废物|白痴|妈的|操你|去死|fuck|stupid|idiot/i, '抱歉没能帮上忙。请换个说法告诉我想了解年报里的什么内容，我尽量给出准确的数字和出处。'],
] as const;

function which(text: string): string | null {
  for (const [re, reply] of KINDS) if (re.test(text)) return reply;
  return null;
}

export const smalltalk: Handler = {
  name: 'smalltalk',
  match(a) {
    const q = a.q;
    if (q.row3 || q.row2 || q.group4 || q.intents.has('quantity') || q.intents.has('list')) return 0;
    return which(q.text) ? 0.97 : 0;
  },
  answer: (a) => wordsOnly('smalltalk', [which(a.q.text)!], [{ code: 'kinds' }]),
};
