import { TimestampStyles, time } from 'discord.js';
import type { Session } from '../../storage/model.js';
import { fitLines } from './fit-lines.js';
import { renderSessionHeading } from './heading.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { fullDateTime, relativeTime } from './timestamps.js';

/** One line per session for lists: "#3 · AMA with X — title · open until <t:…:R>". */
export function renderSessionSummaryLine(session: Session): string {
  return `#${session.id} · ${renderSessionHeading(session)} · ${renderSessionState(session)}`;
}

/** Sessions as a list, in the order given, that always fits one message. */
export function renderSessionList(sessions: readonly Session[], options: { heading?: string } = {}): MessageBody {
  const heading = options.heading ?? '**AMAs**';
  if (sessions.length === 0) return silentMessage(`${heading}\nNone yet.`);
  return silentMessage(fitLines(heading, sessions.map(renderSessionSummaryLine)));
}

function renderSessionState(session: Session): string {
  switch (session.status) {
    case 'scheduled':
      return `opens ${relativeTime(session.startsAt)}`;
    case 'open':
      return `open until ${relativeTime(session.endsAt)}`;
    case 'closed':
      return `closed · ${session.answeredCount} of ${session.questionCount} answered`;
    case 'cancelled':
      return 'cancelled';
  }
}

/** Closed and cancelled sessions stay in the overview this long. */
export const RECENTLY_CLOSED_MS = 14 * 24 * 3_600_000;
const RECENT_MAX = 5;

/**
 * `/ama list`: sessions open now (soonest end first), upcoming (soonest start first) and
 * recently ended (latest first), with full dates as Discord timestamps, so each reader sees their
 * own time zone. A session whose Discord event could not be kept says so, for the moderators.
 */
export function renderSessionOverview(sessions: readonly Session[], now: number): MessageBody {
  const open = sessions.filter((s) => s.status === 'open').sort((a, b) => a.endsAt - b.endsAt);
  const upcoming = sessions.filter((s) => s.status === 'scheduled').sort((a, b) => a.startsAt - b.startsAt);
  const ended = sessions
    .filter((s) => (s.status === 'closed' || s.status === 'cancelled') && now - (s.closedAt ?? s.endsAt) <= RECENTLY_CLOSED_MS)
    .sort((a, b) => (b.closedAt ?? b.endsAt) - (a.closedAt ?? a.endsAt))
    .slice(0, RECENT_MAX);
  const lines: string[] = [];
  const section = (title: string, list: Session[], line: (s: Session) => string) => {
    if (list.length === 0) return;
    lines.push(`__${title}__`, ...list.map((s) => `${line(s)}${eventNote(s)}`));
  };
  section('Open now', open, (s) => `#${s.id} · ${renderSessionHeading(s)} · until ${fullDateTime(s.endsAt)} (${relativeTime(s.endsAt)}) · ${s.answeredCount} of ${s.questionCount} answered`);
  section('Upcoming', upcoming, (s) => `#${s.id} · ${renderSessionHeading(s)} · ${fullDateTime(s.startsAt)} (${relativeTime(s.startsAt)}) to ${shortTime(s.endsAt)}`);
  section('Recently ended', ended, (s) =>
    s.status === 'cancelled'
      ? `#${s.id} · ${renderSessionHeading(s)} · cancelled ${relativeTime(s.closedAt ?? s.endsAt)}`
      : `#${s.id} · ${renderSessionHeading(s)} · closed ${relativeTime(s.closedAt ?? s.endsAt)} · ${s.answeredCount} of ${s.questionCount} answered`,
  );
  const heading = "**This server's AMAs** (times in your own time zone)";
  if (lines.length === 0) return silentMessage(`${heading}\nNothing upcoming, open or recently ended. Schedule one with \`/ama schedule\`.`);
  return silentMessage(fitLines(heading, lines));
}

function eventNote(session: Session): string {
  if (session.status !== 'scheduled' && session.status !== 'open') return '';
  if (session.eventProblem === 'missing-permission') return ' · no Discord event (I need Manage Events)';
  if (session.eventProblem === 'deleted') return ' · its Discord event was deleted';
  return '';
}

/** "<t:…:f>": date and short time, for an end that may fall on another day. */
function shortTime(epochMs: number): string {
  return time(new Date(epochMs), TimestampStyles.ShortDateTime);
}
