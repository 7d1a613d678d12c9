import type { Session } from '../../storage/model.js';
import { fitLines } from './fit-lines.js';
import { renderSessionHeading } from './heading.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { relativeTime } from './timestamps.js';

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
