import type { FixtureName } from './stage-settings';

export type StackKind = 'recovery' | 'data' | 'edge' | 'app' | 'edgeMonitoring';

export interface SynthesizedStage {
  readonly outdir: string;
  readonly stackNames: Readonly<Record<StackKind, string>>;
  /** The message synth failed with (cdk-nag runs as a validation plugin), if it did. */
  readonly synthError: string | undefined;
  readonly nagViolations: ReadonlyArray<{
    readonly ruleName: string;
    readonly severity: string;
    readonly paths: readonly string[];
  }>;
  readonly acknowledgements: ReadonlyArray<{ readonly path: string; readonly id: string; readonly reason: string }>;
}

export interface SynthFixture {
  readonly bundles: { readonly apiBundleDir: string; readonly storefrontDir: string };
  readonly stages: Readonly<Record<FixtureName, SynthesizedStage>>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    synthFixture: SynthFixture;
  }
}
