declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local started by libs/data/src/testing/global-setup.ts for this test run. */
    dynamoEndpoint: string;
  }
}

export {};
