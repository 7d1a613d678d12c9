// The archive page's activity chart: questions asked and answered over the session, as an
// inline SVG bar chart. Inline so the page still makes no request; colours come from classes
// in the page's stylesheet (the CSP allows no style attributes), so it follows the theme.
// There is no text inside the SVG, which is stretched to the page's width; the caption,
// legend and axis around it are HTML so they stay readable on a phone.

import { activityOf, type Activity } from './activity.js';
import { formatUtcDateTime } from './dates.js';
import type { ArchiveDocument } from './schema.js';

const WIDTH = 640;
const HEIGHT = 120;

export function renderActivityChart(doc: ArchiveDocument): string {
  const activity = activityOf(doc);
  const totalAsked = sum(activity.asked);
  if (totalAsked === 0 && doc.questions.length === 0) return '';
  const summary = `${totalAsked} asked and ${doc.questions.length} answered; at most ${Math.max(...activity.asked)} asked in any ${activity.bucketLabel}.`;
  return `<figure class="activity" aria-labelledby="activity-caption">
<figcaption id="activity-caption">Questions over time, per ${activity.bucketLabel}: ${summary}</figcaption>
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label="Bar chart of questions asked and answered per ${activity.bucketLabel}">
${renderBars(activity)}<line class="baseline" x1="0" y1="${HEIGHT}" x2="${WIDTH}" y2="${HEIGHT}"></line>
</svg>
<p class="chart-axis"><span>${formatUtcDateTime(doc.session.startedAt)}</span><span>${formatUtcDateTime(doc.session.endedAt)}</span></p>
<p class="legend"><span class="swatch asked"></span>asked <span class="swatch answered"></span>answered</p>
</figure>
`;
}

/** One group per bucket: a wide bar for asked, a narrow one inside it for answered. */
function renderBars(activity: Activity): string {
  const count = activity.asked.length;
  const peak = Math.max(...activity.asked, ...activity.answered, 1);
  const slot = WIDTH / count;
  const bar = (value: number, className: string, widthShare: number, index: number) => {
    const height = round((value / peak) * (HEIGHT - 4));
    const width = round(slot * widthShare);
    const x = round(index * slot + (slot - width) / 2);
    return `<rect class="${className}" x="${x}" y="${round(HEIGHT - height)}" width="${width}" height="${height}"></rect>`;
  };
  let bars = '';
  for (let index = 0; index < count; index++) {
    const asked = activity.asked[index] ?? 0;
    const answered = activity.answered[index] ?? 0;
    if (asked === 0 && answered === 0) continue;
    const from = formatUtcDateTime(new Date(activity.start + index * activity.bucketMs).toISOString());
    bars += `<g><title>${from}: ${asked} asked, ${answered} answered</title>${bar(asked, 'asked', 0.8, index)}${bar(answered, 'answered', 0.4, index)}</g>\n`;
  }
  return bars;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
