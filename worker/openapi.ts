/**
 * Builds the gateway's OpenAPI 3.1 document from the route table (worker/routes.ts) and the
 * valibot schemas the routes validate with (JSON Schema 2020-12, the dialect of OpenAPI 3.1), so
 * the document cannot drift; the webhook body's examples come from the event catalogue. Run at
 * build time only (`npm run openapi` writes worker/openapi.json, which the Worker serves): neither
 * the schema converter nor the sample data is in the production bundle.
 */
import { type ConversionConfig, type JsonSchema, toJsonSchema, toJsonSchemaDefs } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { WEBHOOK_EVENT_TYPES, WebhookEnvelopeSchema } from 'passto/schemas';
import { webhookEventExample } from 'passto/testing';
import { type GatewayRoute, NAMED_SCHEMAS, type RouteAuth } from './routes.ts';

type Json = Record<string, unknown>;

/**
 * The converter's config. Bodies and responses are described as sent (`input`); query and path
 * parameters as the route reads them after parsing their text (`output`: `limit` is an integer).
 */
function config(typeMode: 'input' | 'output'): ConversionConfig {
  return {
    target: 'draft-2020-12',
    typeMode,
    errorMode: 'ignore',
    definitions: NAMED_SCHEMAS,
    overrideSchema({ valibotSchema, jsonSchema }) {
      const schema = valibotSchema as v.GenericSchema & { rest?: { type: string } };
      // An object refusing unknown keys (`objectWithRest(..., v.never())`) is emitted as
      // `additionalProperties: {not: {}}`; `false` says the same, and code generators read it as closed.
      if (schema.type === 'object_with_rest' && schema.rest?.type === 'never') return { ...jsonSchema, additionalProperties: false };
      // A loose object keeps unknown keys. JSON Schema allows them when unstated, but Redocly's
      // example check reads an unstated `additionalProperties` as closed: say it.
      if (schema.type === 'loose_object') return { ...jsonSchema, additionalProperties: true };
      // A default is given as input (the text `'20'`); the document shows the value the route reads.
      if (typeMode === 'output' && schema.type === 'optional' && jsonSchema.default !== undefined) {
        return { ...jsonSchema, default: v.parse(schema, undefined) as JsonSchema['default'] };
      }
      return undefined;
    },
  };
}

/** Nested references point at `$defs`; OpenAPI keeps them under components.schemas. */
const toComponents = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));

const NAME_OF = new Map<unknown, string>(Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [schema, name]));

/** A schema as the document writes it: a `$ref` when it is named, else inline. */
function schemaOf(schema: v.GenericSchema, typeMode: 'input' | 'output' = 'input'): Json {
  const name = NAME_OF.get(schema);
  if (name) return { $ref: `#/components/schemas/${name}` };
  const { $schema: _dialect, $defs: _defs, ...json } = toJsonSchema(schema, config(typeMode)) as Json;
  return toComponents(json);
}

/**
 * The published examples of a request body, by the body's schema: a webhook delivery has one per
 * documented event type, each the catalogue's example (src/webhook-event-samples.ts), so a new
 * type is published with its example and no entry here.
 */
const BODY_EXAMPLES = new Map<v.GenericSchema, () => Record<string, Json>>([
  [WebhookEnvelopeSchema, () => Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, { summary: `${type} event`, value: webhookEventExample(type) }]))],
]);

/** A request body: its schema and any published examples. */
function requestBody(schema: v.GenericSchema): Json {
  const examples = BODY_EXAMPLES.get(schema)?.();
  return { required: true, content: { 'application/json': { schema: schemaOf(schema), ...(examples ? { examples } : {}) } } };
}

/** The parameters of one location, from the object schema the route parses them with. */
function parameters(schema: GatewayRoute['query'], location: 'query' | 'path'): Json[] {
  if (!schema) return [];
  const object = schemaOf(schema, 'output') as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties).map(([name, { description, ...property }]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    ...(description ? { description } : {}),
    schema: property,
  }));
}

/** The security requirement of each kind of auth (`[]`: none needed). */
const SECURITY: Record<RouteAuth, Json[]> = { bearer: [{ bearer: [] }], signature: [{ signature: [] }], none: [] };

/** Headers some answers carry, by status. */
function responseHeaders(status: number, auth: RouteAuth): Json | undefined {
  if (status === 405) return { Allow: { description: 'The methods this path answers', schema: { type: 'string' } } };
  if (status === 401 && auth === 'bearer') {
    return { 'WWW-Authenticate': { description: 'The bearer challenge (RFC 6750 section 3)', schema: { type: 'string' } } };
  }
  return undefined;
}

function operation(route: GatewayRoute): Json {
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => {
      const headers = responseHeaders(Number(status), route.auth);
      return [
        status,
        {
          description: response.description,
          ...(headers ? { headers } : {}),
          content: { [response.html ? 'text/html' : 'application/json']: { schema: schemaOf(response.schema) } },
        },
      ];
    }),
  );
  const params = [...parameters(route.params, 'path'), ...parameters(route.query, 'query')];
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: SECURITY[route.auth],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body ? { requestBody: requestBody(route.body) } : {}),
    responses,
  };
}

/** The OpenAPI document of `routes`. */
export function openApiDocument(routes: readonly GatewayRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  const schemas = toComponents(toJsonSchemaDefs(NAMED_SCHEMAS, config('input')));
  return {
    openapi: '3.1.0',
    info: {
      title: 'passto gateway',
      version: '0.1.0',
      description: 'Signs calls to PassTo CreditPay, verifies and stores its signed calls, and forwards events to the platform backend.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'The gateway itself (PUBLIC_URL in production)' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'One of the comma-separated tokens of GATEWAY_TOKEN' },
        signature: {
          type: 'apiKey',
          in: 'header',
          name: 'signature',
          description:
            'PassTo’s signature: base64 of HMAC-SHA1, keyed with the signature key, over the path of the URL PassTo called followed by the raw body (platform spec, "Signing"). PassTo may spell the header `signerature`.',
        },
      },
    },
  };
}
