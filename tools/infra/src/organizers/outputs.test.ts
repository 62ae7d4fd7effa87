import { describe, expect, it } from 'vitest';
import { organizerPoolFromOutputs } from './outputs';

describe('organizerPoolFromOutputs', () => {
  it("reads the stage's organizer pool and client from the saved stack outputs", () => {
    // Arrange
    const outputs = {
      'ticketstoheaven-dev-app': { OrganizerUserPoolId: 'us-east-2_Abc', OrganizerClientId: 'client-1' },
    };

    // Act
    const pool = organizerPoolFromOutputs('dev', outputs);

    // Assert
    expect(pool).toEqual({ userPoolId: 'us-east-2_Abc', clientId: 'client-1' });
  });

  it('says what to do when the stage was not deployed with the back office', () => {
    // Act
    const read = () => organizerPoolFromOutputs('prod', { 'ticketstoheaven-prod-app': { ApiUrl: 'x' } });

    // Assert
    expect(read).toThrow(/deploy the stage first, or pass --user-pool-id/);
  });
});
