// The chat page in a real browser: Debian's chromium driven by playwright-core (no browser
// download). Asks a question, reads the answer and its source, follows up, clicks a suggestion,
// opens the report list, uploads a report and reads its 报告自检, and embeds the page in another
// site with the one-line script. Skipped, saying why, when no chromium is installed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startWeb, type WebHandle } from '../bots/web/server.js';
import { FileStore } from '../src/conversation/store.js';
import { openKnowledge } from '../src/knowledge.js';
import { MISPRINTED } from './helpers/misprinted.js';
import { REPO } from './helpers/tianjin.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const skipReason = existsSync(CHROMIUM) ? '' : `no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
const FIGURE_Q = '天津市工信局2020年收到多少政府信息公开申请?';

if (skipReason) {
  console.warn(`browser tests skipped: ${skipReason}`);
  it(`browser tests skipped: ${skipReason}`, (ctx) => ctx.skip(skipReason));
}

describe.skipIf(Boolean(skipReason))('the chat page in chromium', () => {
  let tmp: string;
  let web: WebHandle;
  let context: BrowserContext;
  let page: Page;
  let host: Server | undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gongkai-browser-'));
    const knowledge = await openKnowledge({ dir: join(REPO, 'knowledge'), store: join(tmp, 'store.json') });
    web = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'data'), WEB_RATE_LIMIT: '1000', KNOWLEDGE_DIR: join(tmp, 'kn') }, { log: () => {} });
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 375, height: 740 },
      locale: 'zh-CN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${web.url}/`);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((r) => (host ? host.close(() => r()) : r()));
    await web?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const answers = () => page.locator('.msg.answer');
  async function askOnPage(q: string): Promise<string> {
    const n = await answers().count();
    await page.fill('#question', q);
    await page.press('#question', 'Enter');
    await expect.poll(() => answers().count(), { timeout: 15_000 }).toBe(n + 1);
    return (await answers().nth(n).innerText()).trim();
  }

  it('is in Chinese and fits a phone screen', async () => {
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect.poll(() => page.locator('#examples button').count()).toBeGreaterThan(0);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  });

  it('asks a question and shows the answer with its source', async () => {
    await askOnPage(FIGURE_Q);
    const last = answers().last();
    expect(await last.locator('.body').innerText()).toMatch(/23件/);
    expect(await last.locator('.source').first().innerText()).toMatch(/^来源：天津市工业和信息化局2020年政府信息公开工作年度报告/);
  });

  it('follows up in the same conversation, kept in localStorage', async () => {
    expect(await askOnPage('那企业呢')).toMatch(/商业企业3件/);
    const id = await page.evaluate<string | null>("localStorage.getItem('gongkai-conversation')");
    expect(id).toBeTruthy();
    const store = new FileStore<unknown>(join(tmp, 'data', 'conversations.json'));
    expect(store.read(`web:${id}`)).toBeDefined();
  });

  it('shows suggestions as buttons, and a click asks that question', async () => {
    const text = await askOnPage('今天北京天气怎么样?');
    expect(text).toBeTruthy();
    const button = answers().last().locator('button.suggestion').first();
    const label = (await button.innerText()).trim();
    expect(label.length).toBeGreaterThan(2);
    const n = await answers().count();
    await button.click();
    await expect.poll(() => answers().count(), { timeout: 15_000 }).toBe(n + 1);
    expect((await page.locator('.msg.user').last().innerText()).trim()).toBe(label);
    expect(await answers().last().locator('.body').innerText()).not.toBe('');
    await page.screenshot({ path: join(tmpdir(), 'gongkai-web-chat.png') });
  });

  it('lists the reports', async () => {
    await page.click('nav button[data-tab="reports"]');
    await expect.poll(() => page.locator('#report-list li').count()).toBe(1);
    expect(await page.locator('#report-list').innerText()).toMatch(/天津市工业和信息化局2020年政府信息公开工作年度报告/);
  });

  it('uploads a report and shows its 报告自检: what was read and each failed identity', async () => {
    await page.click('nav button[data-tab="check"]');
    // no staff token on this server: neither the token field nor 'add to the knowledge' is shown
    expect(await page.isVisible('#token-row')).toBe(false);
    expect(await page.isVisible('#add-row')).toBe(false);
    await page.setInputFiles('#file', { name: '天津工信局2020（有误）.txt', mimeType: 'text/plain', buffer: Buffer.from(MISPRINTED, 'utf8') });
    await page.click('#upload-button');
    await page.waitForSelector('#check-result table', { timeout: 20_000 });
    const result = await page.locator('#check-result').innerText();
    expect(result).toMatch(/读出的内容/);
    expect(result).toMatch(/表三 \d+ 个数字/);
    const rows = await page.locator('#check-result table').last().locator('tr').allInnerTexts();
    const row = rows.find((r) => r.includes('一、本年新收政府信息公开申请数量'));
    expect(row).toBeDefined();
    expect(row!.split('\t').map((c) => c.trim()).slice(0, 7)).toEqual(['错误', '勾稽关系', '表三', '一、本年新收政府信息公开申请数量', '总计', '23', '24']);
    await page.locator('#check-result table').last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(tmpdir(), 'gongkai-web-check.png') });
    // a file that is no report: the reason, in words
    await page.setInputFiles('#file', { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.from('   ') });
    await page.click('#upload-button');
    await expect.poll(() => page.locator('#check-result .bad').count()).toBe(1);
    expect(await page.locator('#check-result .bad').innerText()).toMatch(/文件是空的/);
  });

  it('embeds in another site with one script tag', async () => {
    host = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const mode = req.url === '/float' ? '' : ' data-mode="inline" data-height="600"';
      res.end(`<!doctype html><html lang="zh-CN"><body><h1>某市政府信息公开</h1><script src="${web.url}/embed.js"${mode}></script></body></html>`);
    });
    await new Promise<void>((r) => host!.listen(0, '127.0.0.1', () => r()));
    const other = await context.newPage();
    await other.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`);
    const frame = other.frameLocator('iframe[title="政府信息公开年报问答"]');
    await frame.locator('#question').fill(FIGURE_Q);
    await frame.locator('#question').press('Enter');
    await expect.poll(async () => frame.locator('.msg.answer .body').count(), { timeout: 15_000 }).toBe(1);
    expect(await frame.locator('.msg.answer .body').innerText()).toMatch(/23件/);
    expect(await frame.locator('header h1').isVisible()).toBe(false); // the host page has its own title
    expect(await page.isVisible('header h1')).toBe(true);
    // the floating button opens and closes the chat
    await other.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/float`);
    const iframe = other.locator('iframe[title="政府信息公开年报问答"]');
    expect(await iframe.isVisible()).toBe(false);
    await other.click('button:has-text("在线问答")');
    await expect.poll(() => iframe.isVisible()).toBe(true);
    await other.frameLocator('iframe[title="政府信息公开年报问答"]').locator('#question').waitFor();
    await other.click('button:has-text("在线问答")');
    await expect.poll(() => iframe.isVisible()).toBe(false);
    await other.close();
  });
});
