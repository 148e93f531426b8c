// Word (.docx) reports: converted to HTML by mammoth (paragraphs, and tables with colspan/rowspan
// from merged cells), then read by the HTML reader. Images are left unread (the reader takes no
// image, and reading them would inflate every picture of the file into memory).
import mammoth from 'mammoth';
import type { ReaderOutput } from '../document.js';
import { readHtml } from './html.js';

export async function readDocx(bytes: Buffer): Promise<ReaderOutput> {
  const { value } = await mammoth.convertToHtml({ buffer: bytes }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) });
  return readHtml(value);
}
