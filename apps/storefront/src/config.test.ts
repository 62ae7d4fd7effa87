import { describe, expect, it } from 'vitest';
import { DEFAULT_API_URL, resolveApiUrl } from './config';

describe('resolveApiUrl', () => {
  it('prefers the build-time VITE_API_URL and does not fetch the runtime config', async () => {
    // Arrange
    let fetched = false;

    // Act
    const url = await resolveApiUrl('https://api.example.com/', async () => {
      fetched = true;
      return { apiUrl: 'https://other.example.com' };
    });

    // Assert
    expect(url).toBe('https://api.example.com');
    expect(fetched).toBe(false);
  });

  it('uses apiUrl from /config.json when the build did not set one', async () => {
    // Act
    const url = await resolveApiUrl(undefined, async () => ({
      apiUrl: 'https://abc.execute-api.us-east-2.amazonaws.com/prod/',
    }));

    // Assert
    expect(url).toBe('https://abc.execute-api.us-east-2.amazonaws.com/prod');
  });

  it.each([
    ['a failing fetch', async () => Promise.reject(new Error('404'))],
    ['an HTML fallback page', async () => Promise.reject(new SyntaxError('Unexpected token <'))],
    ['a non-http URL', async () => ({ apiUrl: 'javascript:alert(1)' })],
    ['no apiUrl', async () => ({})],
  ])('falls back to the local API on %s', async (_, load) => {
    // Act / Assert
    expect(await resolveApiUrl('', load)).toBe(DEFAULT_API_URL);
  });
});
