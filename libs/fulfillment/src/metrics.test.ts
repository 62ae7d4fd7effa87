import { afterEach, describe, expect, it, vi } from 'vitest';
import { powertoolsFulfillmentMetrics, recordingFulfillmentMetrics } from './metrics';

describe('fulfillment metrics', () => {
  afterEach(() => vi.restoreAllMocks());

  it('publishes the counts as CloudWatch Embedded Metric Format in the TicketsToHeaven namespace', () => {
    // Arrange
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const metrics = powertoolsFulfillmentMetrics('fulfillment-worker');

    // Act
    metrics.count('OrdersFulfilled');
    metrics.count('FulfillmentRetried', 3);
    metrics.flush();

    // Assert
    const emf = written.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => '_aws' in line);
    expect(emf).toMatchObject({ OrdersFulfilled: 1, FulfillmentRetried: 3, service: 'fulfillment-worker' });
    expect(emf?.['_aws']).toMatchObject({ CloudWatchMetrics: [{ Namespace: 'TicketsToHeaven' }] });
  });

  it('writes nothing when nothing was counted', () => {
    // Arrange
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const metrics = powertoolsFulfillmentMetrics('fulfillment-worker');

    // Act
    metrics.flush();

    // Assert
    expect(write).not.toHaveBeenCalled();
  });

  it('adds up counts in memory for tests and summaries', () => {
    // Arrange
    const metrics = recordingFulfillmentMetrics();

    // Act
    metrics.count('FulfillmentFailed');
    metrics.count('FulfillmentFailed');

    // Assert
    expect(metrics.totals).toEqual({ OrdersFulfilled: 0, FulfillmentFailed: 2, FulfillmentRetried: 0 });
  });
});
