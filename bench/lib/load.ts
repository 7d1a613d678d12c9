// Open-loop load: interactions are dispatched on a fixed schedule whether or not the bot keeps
// up (a closed loop would slow down with the bot and hide its queueing). Latency runs from the
// moment INTERACTION_CREATE goes out to the moment the stand-in receives the first callback.

import type { DiscordStandIn } from '../../tests/discord-stand-in/index.js';
import { percentiles, round, type Percentiles } from './stats.js';

export interface StepResult {
  offeredPerSecond: number;
  seconds: number;
  /** What the generator managed to dispatch, per second (it shares the machine too). */
  dispatchedPerSecond: number;
  /** First callbacks received per second, from the first dispatch to the last callback. */
  acknowledgedPerSecond: number;
  /** Interactions not acknowledged within Discord's 3 s. */
  unacknowledged: number;
  /** Acknowledged, but not with "Got it" (an error or refusal, or a deferral). */
  notAccepted: number;
  latencyMs: Percentiles;
  /** How far the generator fell behind its schedule at worst. */
  generatorLagMs: number;
}

/**
 * Dispatches `payloads` (one per interaction) evenly over `seconds`, then waits up to 3.5 s
 * for the last acknowledgements.
 */
export async function offerLoad(discord: DiscordStandIn, payloads: readonly unknown[], seconds: number, accepted: (content: string) => boolean): Promise<StepResult> {
  const total = payloads.length;
  const rate = total / seconds;
  const latencies: number[] = [];
  const waits: Promise<void>[] = [];
  let unacknowledged = 0;
  let notAccepted = 0;
  let lastAck = 0;
  let sent = 0;
  let maxLag = 0;
  const started = performance.now();

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) * rate) / 1_000) + 1);
      if (due > sent) maxLag = Math.max(maxLag, now - (started + (sent * 1_000) / rate));
      while (sent < due) {
        const dispatchedAt = performance.now();
        const handle = discord.dispatchInteraction(payloads[sent]);
        sent += 1;
        if (!handle) throw new Error('the stand-in did not register the interaction');
        waits.push(
          handle.response({ timeoutMs: 3_500 }).then(
            (response) => {
              lastAck = performance.now();
              latencies.push(lastAck - dispatchedAt);
              if (!accepted(response.content ?? '')) notAccepted += 1;
            },
            () => {
              unacknowledged += 1;
            },
          ),
        );
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const dispatchEnded = performance.now();
  await Promise.all(waits);
  const elapsed = (Math.max(lastAck, dispatchEnded) - started) / 1_000;
  return {
    offeredPerSecond: Math.round(rate),
    seconds,
    dispatchedPerSecond: round(total / ((dispatchEnded - started) / 1_000), 1),
    acknowledgedPerSecond: round(latencies.length / elapsed, 1),
    unacknowledged,
    notAccepted,
    latencyMs: percentiles(latencies),
    generatorLagMs: round(maxLag, 1),
  };
}
