import { describe, expect, it } from 'vitest';
import { openapiDocument } from './generated/spec';
import { findGatewaySubsetViolations } from './gateway-subset';

// The webhook body is verified on its raw bytes by the handler; the gateway only checks its parameters.
const options = { bodiesAllowingExtraProperties: ['receiveStripeWebhook'] };

function specCopy(): typeof openapiDocument {
  return structuredClone(openapiDocument) as typeof openapiDocument;
}

describe('openapi.yaml request schemas stay inside the API Gateway subset', () => {
  it('has no violations in the committed spec', () => {
    // Act
    const violations = findGatewaySubsetViolations(openapiDocument as never, options);

    // Assert
    expect(violations).toEqual([]);
  });

  it.each([
    ['oneOf', [{ type: 'string' }, { type: 'integer' }]],
    ['discriminator', { propertyName: 'kind' }],
    ['exclusiveMinimum', true],
    ['readOnly', true],
    ['example', 'Ada'],
  ])('catches "%s" in a schema a request body references', (keyword, value) => {
    // Arrange
    const doc = specCopy() as unknown as { components: { schemas: Record<string, Record<string, unknown>> } };
    (doc.components.schemas['Customer']!['properties'] as Record<string, Record<string, unknown>>)['name']![keyword] =
      value;

    // Act
    const violations = findGatewaySubsetViolations(doc as never, options);

    // Assert
    expect(violations).toEqual([
      { pointer: `/components/schemas/Customer/properties/name/${keyword}`, problem: expect.stringContaining(keyword) },
    ]);
  });

  it('catches an integer format in a request body', () => {
    // Arrange
    const doc = specCopy() as unknown as { components: { schemas: Record<string, Record<string, unknown>> } };
    (doc.components.schemas['OrderItemRequest']!['properties'] as Record<string, Record<string, unknown>>)['quantity']![
      'format'
    ] = 'int32';

    // Act
    const violations = findGatewaySubsetViolations(doc as never, options);

    // Assert
    expect(violations.map((v) => v.pointer)).toEqual([
      '/components/schemas/OrderItemRequest/properties/quantity/format',
    ]);
  });

  it('catches a forbidden keyword in a parameter schema', () => {
    // Arrange
    const doc = specCopy() as unknown as { components: { schemas: Record<string, Record<string, unknown>> } };
    doc.components.schemas['OrderId']!['example'] = 'ord_01H';

    // Act
    const violations = findGatewaySubsetViolations(doc as never, options);

    // Assert
    expect(violations.map((v) => v.pointer)).toContain('/components/schemas/OrderId/example');
  });

  it('requires request body objects to reject unknown properties', () => {
    // Arrange
    const doc = specCopy() as unknown as { components: { schemas: Record<string, Record<string, unknown>> } };
    delete doc.components.schemas['Customer']!['additionalProperties'];

    // Act
    const violations = findGatewaySubsetViolations(doc as never, options);

    // Assert
    expect(violations).toEqual([
      { pointer: '/components/schemas/Customer', problem: 'request body objects must set additionalProperties: false' },
    ]);
  });

  it('ignores response-only schemas', () => {
    // Arrange
    const doc = specCopy() as unknown as { components: { schemas: Record<string, Record<string, unknown>> } };
    doc.components.schemas['WebhookAck']!['example'] = { received: true };

    // Act
    const violations = findGatewaySubsetViolations(doc as never, options);

    // Assert
    expect(violations).toEqual([]);
  });
});
