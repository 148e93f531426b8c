// Keep-alive connections to the Bot API that tell a request that never reached Telegram from a
// response that was lost. A connection reset (or closed) before any byte of the response came back
// is marked RESET_BEFORE_RESPONSE: the send is kept in the outbox and sent again (a network or a
// proxy resetting connections, a server restarting: nothing was answered). When the server closes
// an idle kept-alive connection just as a request is written on it, the request fails with
// ECONNRESET before the server read it (Node's documentation of request.reusedSocket describes this
// race and says to retry): a reset on a reused connection that had been idle at least STALE_IDLE_MS
// is marked STALE_CONNECTION and retried at once. A reset after the response began (or a timeout)
// stays ambiguous — the message may have arrived — and the send is not repeated.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';

export const STALE_CONNECTION = 'ESTALECONNECTION';
export const RESET_BEFORE_RESPONSE = 'ERESETBEFORERESPONSE';
export const STALE_IDLE_MS = 1000;

const FREE_AT = Symbol('free since');
type Tracked = Socket & { [FREE_AT]?: number };

function mark(req: http.ClientRequest): void {
  let idleMs = 0;
  let answered = false;
  req.once('socket', (s: Tracked) => {
    idleMs = req.reusedSocket && s[FREE_AT] !== undefined ? Date.now() - s[FREE_AT] : 0;
    // any byte back from the server on this request: a reset from now on may follow a processed request
    const onData = () => (answered = true);
    s.on('data', onData);
    req.once('close', () => s.off('data', onData));
  });
  req.prependListener('error', (err: NodeJS.ErrnoException) => {
    if (answered || (err.code !== 'ECONNRESET' && err.code !== 'EPIPE')) return;
    err.code = req.reusedSocket && idleMs >= STALE_IDLE_MS ? STALE_CONNECTION : RESET_BEFORE_RESPONSE;
  });
}

interface WithAddRequest {
  addRequest(req: http.ClientRequest, options: unknown): void;
}

class HttpAgent extends http.Agent {}
class HttpsAgent extends https.Agent {}
for (const A of [HttpAgent, HttpsAgent]) {
  const proto = A.prototype as unknown as WithAddRequest;
  const base = proto.addRequest;
  proto.addRequest = function (this: WithAddRequest, req: http.ClientRequest, options: unknown) {
    mark(req);
    return base.call(this, req, options);
  };
}

function track<T extends http.Agent>(agent: T): T {
  agent.on('free', (s: Tracked) => {
    s[FREE_AT] = Date.now();
  });
  return agent;
}

/** grammY's client options for an API root, with the marking keep-alive agent. */
export function fetchConfig(apiRoot: string): { agent: http.Agent; compress?: boolean; duplex: 'half' } {
  return apiRoot.startsWith('http:')
    ? { agent: track(new HttpAgent({ keepAlive: true })), duplex: 'half' }
    : { agent: track(new HttpsAgent({ keepAlive: true })), compress: true, duplex: 'half' };
}
