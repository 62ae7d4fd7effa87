/** A quantity stepper: a labelled number input with − and + buttons, all reachable by keyboard. */
export function QuantityInput(props: {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly max: number;
  readonly error?: string;
  readonly describedBy?: string;
  readonly onChange: (value: number) => void;
}) {
  const errorId = `${props.id}-error`;
  const describedBy = [props.describedBy, props.error ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  const set = (value: number) => props.onChange(Math.max(0, Math.min(props.max, value)));
  return (
    <div class="quantity">
      <label class="visually-hidden" for={props.id}>
        {props.label}
      </label>
      <div class={props.error ? 'quantity__control quantity__control--invalid' : 'quantity__control'}>
        <button
          type="button"
          class="quantity__step"
          aria-label={`One less: ${props.label}`}
          disabled={props.value <= 0}
          onClick={() => set(props.value - 1)}
        >
          <span aria-hidden="true">−</span>
        </button>
        <input
          id={props.id}
          class="quantity__input"
          type="number"
          inputMode="numeric"
          min={0}
          max={props.max}
          step={1}
          value={props.value}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy}
          onInput={(event) => {
            const raw = (event.currentTarget as HTMLInputElement).value;
            // Keep what was typed (even out of range) so validation can explain it.
            props.onChange(raw === '' ? 0 : Math.trunc(Number(raw)) || 0);
          }}
        />
        <button
          type="button"
          class="quantity__step"
          aria-label={`One more: ${props.label}`}
          disabled={props.value >= props.max}
          onClick={() => set(props.value + 1)}
        >
          <span aria-hidden="true">+</span>
        </button>
      </div>
      {props.error && (
        <p class="field__error" id={errorId}>
          {props.error}
        </p>
      )}
    </div>
  );
}
