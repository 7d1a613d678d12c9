import sanitizeHtml from 'sanitize-html';
import { renderMarkdownHtml } from '../archive/html-markdown.ts';
const opts: sanitizeHtml.IOptions = {
  allowedTags: ['p','br','strong','em','u','s','a','ul','ol','li','blockquote','code','pre','h3','h4','h5','h6','hr','span'],
  allowedAttributes: { a: ['href','rel'], span: ['class','tabindex'], ol: ['start'], code: ['class'] },
  allowedSchemes: ['http','https','mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  allowedClasses: { span: ['spoiler'] },
};
for (const t of ['**b** *i* __u__ ~~s~~ `c`', 'line one\nline two', 'a "quoted" & <b>x</b> \'s', '||sp **x**||', '[x](https://e.org/a?b=1&c=2)', '```\n<script>x</script>\n```', '3. a\n4. b', '---']) {
  const a = renderMarkdownHtml(t); const b = sanitizeHtml(a, opts);
  console.log(a === b ? 'SAME' : 'DIFF', JSON.stringify(a), JSON.stringify(b));
}
