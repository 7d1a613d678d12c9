/**
 * Validates request bodies against Discord's official OpenAPI 3.1 document.
 *
 * The whole document is registered once as a single schema with an `$id`, and each operation's
 * request-body schema is compiled lazily as `{ $ref: '<id>#/paths/<template>/<method>/...' }` —
 * so the spec's own `#/components/schemas/X` references resolve inside it. Compiled validators
 * are cached per operation + content type (and the document per file path, per process), which
 * keeps the hot path at one Map lookup plus the generated validator.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { DiscordFormErrors } from './errors.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object in types.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

/** `tests/discord-stand-in/` → repo root's sibling `shared/discord/openapi.json`. */
export const DEFAULT_OPENAPI_PATH = fileURLToPath(new URL('../../../shared/discord/openapi.json', import.meta.url));

const DOC_ID = 'https://discord-stand-in.local/openapi.json';

interface OpenApiOperation {
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}
type OpenApiPathItem = Partial<Record<'get' | 'put' | 'post' | 'patch' | 'delete', OpenApiOperation>>;
interface OpenApiDocument {
  paths: Record<string, OpenApiPathItem>;
}

export type BodyContentType = 'application/json' | 'multipart/form-data';

export type ValidationResult = { ok: true; checked: boolean } | { ok: false; errors: ErrorObject[]; reason: string };

export class OpenApiValidator {
  private static readonly cache = new Map<string, OpenApiValidator>();

  /** One validator (document + compiled schemas) per spec file per process. */
  static load(path: string = DEFAULT_OPENAPI_PATH): OpenApiValidator {
    let v = this.cache.get(path);
    if (!v) {
      v = new OpenApiValidator(JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument);
      this.cache.set(path, v);
    }
    return v;
  }

  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly templates: Array<{ template: string; regex: RegExp }>;

  private constructor(private readonly doc: OpenApiDocument) {
    widenUnsafeIntegers(doc);
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
    addFormats(this.ajv);
    // Formats Discord's document uses that ajv-formats does not know.
    this.ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
    this.ajv.addFormat('nonce', true);
    this.ajv.addSchema(doc as object, DOC_ID);
    this.templates = Object.keys(doc.paths).map((template) => ({
      template,
      regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  hasOperation(template: string, method: string): boolean {
    return this.doc.paths[template]?.[method.toLowerCase() as keyof OpenApiPathItem] !== undefined;
  }

  /** Which spec path template a concrete path belongs to (used to tell "unknown" from "not implemented"). */
  findTemplate(path: string): string | undefined {
    // Prefer templates with more literal segments (`/users/@me` over `/users/{user_id}`).
    let best: string | undefined;
    let bestLiterals = -1;
    for (const { template, regex } of this.templates) {
      if (!regex.test(path)) continue;
      const literals = template.split('/').filter((s) => s && !s.startsWith('{')).length;
      if (literals > bestLiterals) {
        best = template;
        bestLiterals = literals;
      }
    }
    return best;
  }

  /** Compile (once) the validators for these operations so the first real request is not slow. */
  precompile(operations: Array<{ template: string; method: string }>): void {
    for (const { template, method } of operations) {
      this.getValidator(template, method, 'application/json');
      this.getValidator(template, method, 'multipart/form-data');
    }
  }

  validate(template: string, method: string, contentType: BodyContentType, body: unknown): ValidationResult {
    const op = this.doc.paths[template]?.[method.toLowerCase() as keyof OpenApiPathItem];
    if (!op?.requestBody) {
      return { ok: true, checked: false };
    }
    const validator = this.getValidator(template, method, contentType);
    if (validator === null) {
      return { ok: false, errors: [], reason: `content type ${contentType} is not accepted by ${method} ${template}` };
    }
    if (validator(body)) return { ok: true, checked: true };
    return { ok: false, errors: validator.errors ?? [], reason: formatAjvErrors(validator.errors ?? []) };
  }

  private getValidator(template: string, method: string, contentType: BodyContentType): ValidateFunction | null {
    const key = `${method} ${template} ${contentType}`;
    const cached = this.compiled.get(key);
    if (cached !== undefined) return cached;
    const m = method.toLowerCase();
    const content = this.doc.paths[template]?.[m as keyof OpenApiPathItem]?.requestBody?.content;
    let fn: ValidateFunction | null = null;
    if (content?.[contentType]?.schema !== undefined) {
      const pointer = ['paths', template, m, 'requestBody', 'content', contentType, 'schema'].map(escapePointer).join('/');
      fn = this.ajv.compile({ $ref: `${DOC_ID}#/${pointer}` });
    }
    this.compiled.set(key, fn);
    return fn;
  }
}

/**
 * Integer properties whose maximum exceeds 2^53 (permission bitfields such as
 * `default_member_permissions`) cannot be sent as JSON numbers without losing precision, so
 * Discord documents them as strings and discord.js sends strings — while the OpenAPI request
 * schemas say `integer`. Accept a digit string there too (only for object properties; integer
 * branches inside `oneOf`, like `nonce`, already have a string alternative). Everything else is
 * validated exactly as published.
 */
function widenUnsafeIntegers(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) widenUnsafeIntegers(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const props = obj.properties;
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    for (const [key, schema] of Object.entries(props as Record<string, unknown>)) {
      if (isUnsafeInteger(schema)) (props as Record<string, unknown>)[key] = { anyOf: [schema, { type: 'string', pattern: '^[0-9]+$' }] };
    }
  }
  for (const value of Object.values(obj)) widenUnsafeIntegers(value);
}

function isUnsafeInteger(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const s = schema as { type?: unknown; maximum?: unknown };
  const types = Array.isArray(s.type) ? s.type : [s.type];
  return types.includes('integer') && typeof s.maximum === 'number' && s.maximum > Number.MAX_SAFE_INTEGER;
}

/** JSON-pointer escaping, then URI-fragment encoding (paths contain `/`, `{`, `}`, `@`). */
function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

export function formatAjvErrors(errors: ErrorObject[]): string {
  return errors
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');
}

const AJV_TO_DISCORD_CODE: Record<string, string> = {
  required: 'BASE_TYPE_REQUIRED',
  maxLength: 'BASE_TYPE_MAX_LENGTH',
  minLength: 'BASE_TYPE_MIN_LENGTH',
  maxItems: 'BASE_TYPE_MAX_LENGTH',
  minItems: 'BASE_TYPE_MIN_LENGTH',
  enum: 'BASE_TYPE_CHOICES',
  const: 'BASE_TYPE_CHOICES',
  maximum: 'NUMBER_TYPE_MAX',
  minimum: 'NUMBER_TYPE_MIN',
  type: 'BASE_TYPE_BAD_TYPE',
};

/** Ajv errors → Discord's nested `errors` object (`{ content: { _errors: [...] } }`). */
export function ajvToDiscordErrors(errors: ErrorObject[]): DiscordFormErrors {
  const root: DiscordFormErrors = {};
  for (const e of errors.slice(0, 10)) {
    const path = e.instancePath.split('/').filter(Boolean);
    if (e.keyword === 'required' && typeof e.params.missingProperty === 'string') path.push(e.params.missingProperty);
    let node = root;
    for (const part of path) {
      const child = node[part];
      node = child && !Array.isArray(child) ? child : (node[part] = {});
    }
    const list = (node._errors as Array<{ code: string; message: string }> | undefined) ?? [];
    list.push({ code: AJV_TO_DISCORD_CODE[e.keyword] ?? 'BASE_TYPE_INVALID', message: e.message ?? 'Invalid value' });
    node._errors = list;
  }
  return root;
}
