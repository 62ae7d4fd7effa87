import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { OpenApiIntegrationError, type OpenApiDocument } from './openapi-integration';

/** Reads and minimally checks the contract; API Gateway's extensions are added later, in memory. */
export function loadOpenApiDocument(path: string): OpenApiDocument {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new OpenApiIntegrationError(`Cannot read the API contract at ${path}: ${(error as Error).message}`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as OpenApiDocument).openapi !== 'string' ||
    typeof (parsed as OpenApiDocument).paths !== 'object'
  ) {
    throw new OpenApiIntegrationError(`${path} is not an OpenAPI document (no openapi/paths)`);
  }
  return parsed as OpenApiDocument;
}
