// The bundled Tianjin report with one total misprinted (本年新收 总计 24 for 23), so that the
// 报告自检 has failed identities to show.
import { TIANJIN_TEXT } from './tianjin.js';

export const MISPRINTED = TIANJIN_TEXT.replace(/(一、本年新收政府信息公开申请数量 \|[^\n]*?\| )23( \|)/, '$124$2');
if (MISPRINTED === TIANJIN_TEXT) throw new Error('the Tianjin report text changed: MISPRINTED no longer misprints anything');
