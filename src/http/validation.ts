import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: request bodies are checked strictly (no type coercion, unknown fields refused,
 * nothing silently removed) because a wrong type must be a 400, not a guess; query strings and
 * path params arrive as text and are coerced to the declared types.
 */
function createAjv(coerce: boolean) {
  const ajv = new Ajv.default({ allErrors: false, removeAdditional: false, useDefaults: true, coerceTypes: coerce ? 'array' : false, strict: false });
  addFormats.default(ajv);
  return ajv;
}

const strictAjv = createAjv(false);
const coercingAjv = createAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strictAjv : coercingAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};
