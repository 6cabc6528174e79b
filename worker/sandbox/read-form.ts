/**
 * Reads the cashier's HTML form posts. The runtime's form parser (`Request.formData()`, which
 * Hono's `parseBody` calls) throws a TypeError on a malformed multipart body, a multipart type
 * without its `boundary` parameter (RFC 7578, section 4.1), and the like; uncaught, that became
 * a 500. Here every such body is a refusal the page can show instead.
 */
import type { Context } from 'hono';

/** The two encodings an HTML form submits with (HTML, "Form submission"; RFC 7578). */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Why a post could not be read as a form: the HTTP status and the text the page shows. */
export interface FormRefusal {
  status: 400 | 415;
  title: string;
  text: string;
}

/** A form's text fields: `field(name)` is the field's text, or `''` when absent or a file. */
export type FormFields = (name: string) => string;

const UNSUPPORTED: FormRefusal = {
  status: 415,
  title: 'Unsupported form',
  text: 'Send the form as application/x-www-form-urlencoded or multipart/form-data, as the cashier page does.',
};
const MALFORMED: FormRefusal = { status: 400, title: 'Invalid form', text: 'The body could not be read as a form.' };

/**
 * Reads the request's body as a form: its fields, or a refusal (415 for another content type, 400
 * for a body the parser cannot read). The gateway's body limit has been applied before.
 *
 * @example
 * ```ts
 * const form = await readForm(c);
 * if (!form.ok) return message(c, form.refusal.status, form.refusal.title, form.refusal.text);
 * const identCode = form.field('ident_code');
 * ```
 */
export async function readForm(c: Context): Promise<{ ok: true; field: FormFields } | { ok: false; refusal: FormRefusal }> {
  // parseBody answers {} for any other type: that would read as "a form without fields".
  const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (!mediaType || !FORM_TYPES.includes(mediaType)) return { ok: false, refusal: UNSUPPORTED };
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    return { ok: false, refusal: MALFORMED };
  }
  return { ok: true, field: (name) => (Object.hasOwn(form, name) && typeof form[name] === 'string' ? form[name] : '') };
}
