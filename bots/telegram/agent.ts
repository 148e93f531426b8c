// Keep-alive connections to the Bot API that tell a stale connection from a lost response. When the
// server closes an idle kept-alive connection just as a request is written on it, the request fails
// with ECONNRESET before the server read it (Node's documentation of request.reusedSocket describes
// this race and says to retry). Such an error is marked STALE_CONNECTION, so the send is retried;
// a reset on a fresh connection stays ambiguous (the message may have arrived) and is not repeated.
import * as http from 'node:http';
import * as https from 'node:https';

export const STALE_CONNECTION = 'ESTALECONNECTION';

function mark(req: http.ClientRequest): void {
  req.prependListener('error', (err: NodeJS.ErrnoException) => {
    if (req.reusedSocket && err.code === 'ECONNRESET') err.code = STALE_CONNECTION;
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

/** grammY's client options for an API root, with the marking keep-alive agent. */
export function fetchConfig(apiRoot: string): { agent: http.Agent; compress?: boolean; duplex: 'half' } {
  return apiRoot.startsWith('http:')
    ? { agent: new HttpAgent({ keepAlive: true }), duplex: 'half' }
    : { agent: new HttpsAgent({ keepAlive: true }), compress: true, duplex: 'half' };
}
