import type { Schemas } from '@tth/contracts';
import { useMemo, useRef, useState } from 'preact/hooks';
import { call, isRetryable, type Problem } from '../api';
import { Page } from '../components/page';
import { Loading, Notice, ProblemNotice } from '../components/status';
import { TicketTypeRow } from '../components/ticket-type-row';
import { soldOutTicketTypes } from '../errors';
import { countOf, formatDateTime, formatMoney } from '../format';
import { CheckoutAttempts } from '../idempotency';
import { orderLinkWithToken, saveOrderToken } from '../order-tokens';
import { HoldCountdown } from '../components/hold-countdown';
import { paths } from '../router';
import { useServices } from '../services';
import {
  fieldOfPointer,
  itemsOf,
  limits,
  selectionFromQuery,
  selectionToQuery,
  validateEmail,
  validateName,
  validateSelection,
  type FieldErrors,
  type FieldKey,
  type Selection,
} from '../validation';
import { EventUnavailable, selectionTotal, useEvent } from './event-detail';

type Phase = 'editing' | 'submitting' | 'redirecting';

/** An order this browser could not remember: the buyer keeps its link before going to pay. */
interface UnsavedOrder {
  readonly orderLink: string;
  readonly checkoutUrl: string;
  readonly holdExpiresAt: string;
}

const FIELD_NOUNS: Partial<Record<FieldKey, string>> = { name: 'name', email: 'email address', items: 'selection' };

/** The DOM id of the control that shows a field's error, so focus can go there. */
const controlId = (field: FieldKey): string =>
  field.startsWith('quantity:')
    ? `qty-${field.slice('quantity:'.length)}`
    : field === 'items'
      ? 'checkout-tickets'
      : `checkout-${field}`;

function TextField(props: {
  readonly field: 'name' | 'email';
  readonly label: string;
  readonly type: 'text' | 'email';
  readonly autocomplete: string;
  readonly maxLength: number;
  readonly value: string;
  readonly hint?: string;
  readonly error?: string;
  readonly onInput: (value: string) => void;
  readonly onBlur: () => void;
}) {
  const id = controlId(props.field);
  const describedBy =
    [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.error ? 'field field--invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <input
        id={id}
        name={props.field}
        type={props.type}
        autocomplete={props.autocomplete}
        {...(props.type === 'email' ? { inputMode: 'email' as const, spellcheck: false, autocapitalize: 'off' } : {})}
        maxLength={props.maxLength}
        required
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(event) => props.onInput((event.currentTarget as HTMLInputElement).value)}
        onBlur={props.onBlur}
      />
      {/* Space is reserved for the message so a blur error never moves the pay button under a click. */}
      <div class="field__slot">
        {props.error && (
          <p class="field__error" id={`${id}-error`}>
            {props.error}
          </p>
        )}
      </div>
    </div>
  );
}

function CheckoutForm(props: {
  readonly event: Schemas['EventDetail'];
  readonly initialSelection: Selection;
  readonly refreshEvent: () => Promise<void>;
}) {
  const services = useServices();
  const { event } = props;
  const [selection, setSelection] = useState<Selection>(props.initialSelection);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [touched, setTouched] = useState<{ name?: boolean; email?: boolean }>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [phase, setPhase] = useState<Phase>('editing');
  const [unsaved, setUnsaved] = useState<UnsavedOrder | null>(null);
  const attempts = useMemo(() => new CheckoutAttempts(services.newIdempotencyKey), [services.newIdempotencyKey]);
  // State updates are asynchronous; the ref stops a second click in the same tick.
  const inFlight = useRef(false);

  const shown = event.ticketTypes.filter((t) => t.saleStatus === 'ON_SALE' || (selection[t.id] ?? 0) > 0);
  const total = selectionTotal(event, selection);
  const ticketTypeName = (id: string) => event.ticketTypes.find((t) => t.id === id)?.name;

  const setFieldError = (field: FieldKey, message: string | undefined) =>
    setErrors((previous) => ({ ...previous, [field]: message }));
  // A field is checked when it loses focus, and from then on while the buyer types.
  const validatedInput = (
    field: 'name' | 'email',
    value: string,
    setValue: (next: string) => void,
    validate: (input: string) => string | undefined,
  ) => ({
    onInput: (next: string) => {
      setValue(next);
      if (touched[field]) setFieldError(field, validate(next));
    },
    onBlur: () => {
      setTouched((previous) => ({ ...previous, [field]: true }));
      setFieldError(field, validate(value));
    },
  });
  const focusFirst = (found: FieldErrors) => {
    const order: FieldKey[] = [...event.ticketTypes.map((t): FieldKey => `quantity:${t.id}`), 'items', 'name', 'email'];
    const first = order.find((field) => found[field]);
    if (first) document.getElementById(controlId(first))?.focus();
  };

  const validateAll = (): FieldErrors => {
    const found: FieldErrors = { ...validateSelection(event, selection) };
    const nameError = validateName(name);
    const emailError = validateEmail(email);
    if (nameError) found.name = nameError;
    if (emailError) found.email = emailError;
    return found;
  };

  const submit = async (submitEvent: Event) => {
    submitEvent.preventDefault();
    if (inFlight.current) return;
    const found = validateAll();
    setErrors(found);
    setTouched({ name: true, email: true });
    if (Object.values(found).some(Boolean)) {
      setProblem(null);
      focusFirst(found);
      return;
    }

    const items = itemsOf(event, selection);
    const body: Schemas['CreateOrderRequest'] = {
      eventId: event.id,
      customer: { name: name.trim(), email: email.trim() },
      items,
    };
    const key = attempts.keyFor(body);
    inFlight.current = true;
    setPhase('submitting');
    setProblem(null);
    const result = await call(services.api.POST('/orders', { params: { header: { 'Idempotency-Key': key } }, body }));

    if (result.ok) {
      attempts.settle();
      const { orderId, orderToken, checkoutUrl, holdExpiresAt } = result.data;
      setPhase('redirecting');
      // The token stays in this browser: Stripe sends the buyer back to a URL without it.
      if (saveOrderToken(services.storage, orderId, orderToken)) services.redirect(checkoutUrl);
      else
        setUnsaved({
          orderLink: orderLinkWithToken(location.origin, paths.order(orderId), orderToken),
          checkoutUrl,
          holdExpiresAt,
        });
      return;
    }

    inFlight.current = false;
    setPhase('editing');
    // A definitive refusal ends this attempt; after a network error or a 5xx the same key is
    // sent again, so an order the API did make is returned rather than made twice.
    if (!isRetryable(result.problem)) attempts.settle();
    setProblem(result.problem);
    if (result.problem.kind === 'api' && result.problem.error.code === 'VALIDATION_FAILED') {
      const fromServer: FieldErrors = {};
      for (const detail of result.problem.error.details ?? []) {
        const field = fieldOfPointer(detail.field, items);
        if (field && !fromServer[field])
          fromServer[field] = `This ${FIELD_NOUNS[field] ?? 'quantity'} ${detail.message}.`;
      }
      setErrors(fromServer);
      focusFirst(fromServer);
    }
    const soldOut = soldOutTicketTypes(result.problem);
    if (soldOut.length > 0) {
      setErrors(Object.fromEntries(soldOut.map((id) => [`quantity:${id}`, 'Not enough left: choose fewer.'])));
      void props.refreshEvent();
    }
  };

  if (unsaved) return <KeepOrderLink order={unsaved} />;

  const busy = phase !== 'editing';
  return (
    <form class="checkout" noValidate onSubmit={submit} aria-busy={busy ? 'true' : undefined}>
      <fieldset class="checkout__section" id="checkout-tickets" tabIndex={-1}>
        <legend>
          <h2 class="checkout__legend">Your tickets</h2>
        </legend>
        {errors.items && <p class="field__error">{errors.items}</p>}
        <ul class="ticket-types ticket-types--compact">
          {shown.map((type) => (
            <TicketTypeRow
              key={type.id}
              ticketType={type}
              onSaleAt={event.onSaleAt}
              quantity={selection[type.id] ?? 0}
              error={errors[`quantity:${type.id}`]}
              onChange={(quantity) => {
                setSelection((previous) => ({ ...previous, [type.id]: quantity }));
                setErrors((previous) => ({ ...previous, [`quantity:${type.id}`]: undefined, items: undefined }));
              }}
            />
          ))}
        </ul>
      </fieldset>

      <fieldset class="checkout__section">
        <legend>
          <h2 class="checkout__legend">Your details</h2>
        </legend>
        <TextField
          field="name"
          label="Full name"
          type="text"
          autocomplete="name"
          maxLength={limits.nameMaxLength}
          value={name}
          hint="The name printed on the tickets."
          error={errors.name}
          {...validatedInput('name', name, setName, validateName)}
        />
        <TextField
          field="email"
          label="Email address"
          type="email"
          autocomplete="email"
          maxLength={limits.emailMaxLength}
          value={email}
          hint="We send your receipt and tickets here."
          error={errors.email}
          {...validatedInput('email', email, setEmail, validateEmail)}
        />
      </fieldset>

      <div class="checkout__pay">
        <p class="checkout__total">
          <span>{total.count === 0 ? 'No tickets selected' : countOf(total.count, 'ticket')}</span>
          <strong>{formatMoney(total.amount, total.currency)}</strong>
        </p>
        <p class="checkout__note">
          Your seats are held for 30 minutes while you pay securely with Stripe. The final total is shown on the payment
          page.
        </p>
        {problem && (
          <ProblemNotice
            problem={problem}
            context={{ ticketTypeName, notFound: 'This event is no longer listed.' }}
            onRetry={() => (document.getElementById('checkout-submit') as HTMLButtonElement | null)?.click()}
          />
        )}
        <button id="checkout-submit" type="submit" class="button button--primary button--large" disabled={busy}>
          {phase === 'submitting'
            ? 'Reserving your tickets…'
            : phase === 'redirecting'
              ? 'Opening secure payment…'
              : 'Continue to payment'}
        </button>
        <p class="visually-hidden" role="status">
          {phase === 'submitting'
            ? 'Reserving your tickets…'
            : phase === 'redirecting'
              ? 'Tickets reserved. Opening the secure payment page…'
              : ''}
        </p>
      </div>
    </form>
  );
}

/**
 * This browser would not store the order's token (storage blocked or full), and the way back from
 * Stripe carries none: the buyer keeps the order's own link before paying.
 */
function KeepOrderLink(props: { readonly order: UnsavedOrder }) {
  return (
    <div class="checkout__pay">
      <Notice tone="warning" role="alert" title="Keep the link to your order">
        <p>
          Your tickets are reserved, but this browser does not let us remember your order. Keep this link: it is the
          only way to see your order and your tickets after paying.
        </p>
        <p>
          <a href={props.order.orderLink}>Your order</a>
        </p>
      </Notice>
      <HoldCountdown expiresAt={props.order.holdExpiresAt} />
      <a class="button button--primary button--large" href={props.order.checkoutUrl} data-native>
        Continue to payment
      </a>
    </div>
  );
}

export function CheckoutPage(props: { readonly eventId: string; readonly search: string }) {
  const event = useEvent(props.eventId);
  const initialSelection = useMemo(() => selectionFromQuery(props.search), [props.search]);

  if (event.state.status === 'loading') {
    return (
      <Page title="Checkout" heading="Checkout">
        <Loading label="Loading your tickets…" />
      </Page>
    );
  }
  if (event.state.status === 'failed') {
    return (
      <Page title="Checkout" heading="Checkout">
        <EventUnavailable problem={event.state.problem} onRetry={event.reload} />
      </Page>
    );
  }
  const data = event.state.data;
  return (
    <Page
      title={`Checkout: ${data.name}`}
      heading="Checkout"
      lead={
        <>
          <a href={paths.event(data.id) + selectionToQuery(initialSelection)}>{data.name}</a> ·{' '}
          <time dateTime={data.startsAt}>{formatDateTime(data.startsAt)}</time> · {data.venue}
          {data.city ? `, ${data.city}` : ''}
        </>
      }
    >
      {data.saleStatus !== 'ON_SALE' ? (
        <Notice
          tone="warning"
          role="alert"
          title={data.saleStatus === 'SOLD_OUT' ? 'This event is sold out' : 'Tickets are not on sale yet'}
        >
          <p>
            {data.saleStatus === 'SOLD_OUT' ? (
              'Every ticket has been sold.'
            ) : (
              <>
                Sales open <time dateTime={data.onSaleAt}>{formatDateTime(data.onSaleAt)}</time>.
              </>
            )}{' '}
            <a href={paths.event(data.id)}>Back to the event</a>
          </p>
        </Notice>
      ) : (
        <CheckoutForm event={data} initialSelection={initialSelection} refreshEvent={event.refresh} />
      )}
    </Page>
  );
}
