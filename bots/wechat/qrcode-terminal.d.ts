// qrcode-terminal ships no types (and @types/qrcode-terminal is not needed for one call).
declare module 'qrcode-terminal' {
  interface Options {
    small?: boolean;
  }
  export function generate(input: string, opts?: Options, cb?: (qrcode: string) => void): void;
  export function generate(input: string, cb?: (qrcode: string) => void): void;
  const qrcode: { generate: typeof generate };
  export default qrcode;
}
