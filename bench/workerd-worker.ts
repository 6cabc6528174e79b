/**
 * The Worker bench/workerd.ts times from outside: `/?mode=client|minimal|empty&n=N` runs N calls of
 * the client, N minimal calls, or nothing, and answers when done. (Inside a Worker the clock stands
 * still while code runs, so the Worker cannot time itself.)
 */
import { clientCalls } from './client.ts';

let calls: ReturnType<typeof clientCalls> | undefined;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get('n') ?? '0');
    const mode = url.searchParams.get('mode');
    // Built on the first request: at module load a Worker's clock reads 0, and the input needs a future expiry.
    calls ??= clientCalls();
    const call = mode === 'client' ? calls.passto : calls.minimal;
    let sum = 0;
    if (mode !== 'empty') for (let i = 0; i < n; i++) sum += await call();
    return new Response(String(sum));
  },
};
