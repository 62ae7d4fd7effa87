import type { CardField, CardForm, CardFormErrors } from './card-form';
import type { CheckoutSessionObject, LineItemObject } from './objects';
import { formatMinor } from './state';
import { TEST_CARDS } from './test-cards';

/**
 * The hosted Checkout page: plain HTML and CSS, no script (Stripe.js cannot load here), usable
 * with a keyboard and a screen reader: every field is labelled, errors are tied to their field
 * and the main error is announced (role="alert").
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface CheckoutPageInput {
  readonly businessName: string;
  readonly session: CheckoutSessionObject;
  readonly lineItems: readonly LineItemObject[];
  /** Where the form posts (the page's own path). */
  readonly formAction: string;
  /** What the buyer typed last time (card number and CVC are never echoed back). */
  readonly previous?: Partial<CardForm>;
  /** A card decline or the first problem with the form, announced on load. */
  readonly alert?: string;
  readonly fieldErrors?: CardFormErrors;
}

export function renderCheckoutPage(input: CheckoutPageInput): string {
  const { session, businessName } = input;
  const total = formatMinor(session.amount_total, session.currency);
  const errors = input.fieldErrors ?? {};
  const emailRequired = session.customer_email === null;
  const title = `${input.alert ? 'Error: ' : ''}Pay ${total} to ${businessName}`;
  return page(
    title,
    `<main class="checkout">
  <section class="summary" aria-labelledby="summary-heading">
    ${session.cancel_url ? `<a class="back" href="${escapeHtml(session.cancel_url)}"><span aria-hidden="true">←</span> Back to ${escapeHtml(businessName)}</a>` : ''}
    <p class="badge">Test mode</p>
    <h1 id="summary-heading"><span class="merchant">Pay ${escapeHtml(businessName)}</span> <span class="amount">${escapeHtml(total)}</span></h1>
    <h2 class="visually-hidden">Order summary</h2>
    <ul class="items">
${input.lineItems.map((item) => lineItemRow(item)).join('\n')}
    </ul>
    <p class="total-row"><span>Total due</span> <span>${escapeHtml(total)}</span></p>
  </section>
  <section class="payment" aria-labelledby="payment-heading">
    <h2 id="payment-heading">Pay with card</h2>
    ${input.alert ? `<div class="alert" role="alert" id="payment-error">${escapeHtml(input.alert)}</div>` : ''}
    <form method="post" action="${escapeHtml(input.formAction)}">
      ${
        emailRequired
          ? field({
              name: 'email',
              label: 'Email',
              type: 'email',
              autocomplete: 'email',
              value: input.previous?.email,
              error: errors.email,
            })
          : `<p class="contact"><span class="label">Email</span> <span>${escapeHtml(session.customer_email ?? '')}</span></p>`
      }
      <fieldset>
        <legend>Card information</legend>
        ${field({ name: 'cardNumber', label: 'Card number', inputmode: 'numeric', autocomplete: 'cc-number', placeholder: '1234 1234 1234 1234', error: errors.cardNumber })}
        <div class="row">
          ${field({ name: 'expiry', label: 'Expiry date', hint: 'MM / YY', inputmode: 'numeric', autocomplete: 'cc-exp', placeholder: 'MM / YY', value: input.previous?.expiry, error: errors.expiry })}
          ${field({ name: 'cvc', label: 'CVC', hint: '3 or 4 digits on the back', inputmode: 'numeric', autocomplete: 'cc-csc', placeholder: '123', error: errors.cvc })}
        </div>
      </fieldset>
      ${field({ name: 'cardholderName', label: 'Cardholder name', autocomplete: 'cc-name', value: input.previous?.cardholderName, error: errors.cardholderName })}
      <button type="submit" class="pay">Pay ${escapeHtml(total)}</button>
    </form>
    <details class="test-cards">
      <summary>Test cards</summary>
      <p>Use any future expiry date and any 3-digit CVC.</p>
      <ul>
${TEST_CARDS.map((card) => `        <li><code>${escapeHtml(card.number.replace(/(\d{4})(?=\d)/g, '$1 '))}</code> ${escapeHtml(card.description)}</li>`).join('\n')}
      </ul>
    </details>
  </section>
</main>`,
  );
}

function lineItemRow(item: LineItemObject): string {
  return `      <li><span class="item-name">${escapeHtml(item.description)}</span> <span class="item-qty">Qty ${item.quantity}</span> <span class="item-amount">${escapeHtml(
    formatMinor(item.amount_total, item.currency),
  )}</span></li>`;
}

interface FieldInput {
  readonly name: CardField;
  readonly label: string;
  readonly type?: string;
  readonly hint?: string;
  readonly inputmode?: string;
  readonly autocomplete: string;
  readonly placeholder?: string;
  readonly value?: string | undefined;
  readonly error?: string | undefined;
}

function field(input: FieldInput): string {
  const describedBy = [input.hint ? `${input.name}-hint` : '', input.error ? `${input.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return `<div class="field${input.error ? ' has-error' : ''}">
          <label for="${input.name}">${escapeHtml(input.label)}</label>
          ${input.hint ? `<span class="hint" id="${input.name}-hint">${escapeHtml(input.hint)}</span>` : ''}
          <input id="${input.name}" name="${input.name}" type="${input.type ?? 'text'}" autocomplete="${input.autocomplete}"${
            input.inputmode ? ` inputmode="${input.inputmode}"` : ''
          }${input.placeholder ? ` placeholder="${escapeHtml(input.placeholder)}"` : ''} value="${escapeHtml(input.value ?? '')}" required${
            input.error ? ' aria-invalid="true"' : ''
          }${describedBy ? ` aria-describedby="${describedBy}"` : ''}>
          ${input.error ? `<p class="field-error" id="${input.name}-error">${escapeHtml(input.error)}</p>` : ''}
        </div>`;
}

/** The page for a session that can no longer be paid (or an unknown id). */
export function renderStatusPage(input: {
  heading: string;
  message: string;
  link?: { href: string; text: string };
}): string {
  return page(
    input.heading,
    `<main class="status">
  <p class="badge">Test mode</p>
  <h1>${escapeHtml(input.heading)}</h1>
  <p>${escapeHtml(input.message)}</p>
  ${input.link ? `<p><a class="button-link" href="${escapeHtml(input.link.href)}">${escapeHtml(input.link.text)}</a></p>` : ''}
</main>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

const STYLES = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f9fc}
.checkout{display:grid;grid-template-columns:1fr;align-items:start;max-width:960px;margin:0 auto}
@media (min-width:800px){.checkout{grid-template-columns:1fr 1fr;gap:48px;padding:48px 24px}}
.summary,.payment{padding:24px}
.payment{background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(26,31,54,.08)}
.back{color:#425466;text-decoration:none;font-weight:500}
.back:hover,.back:focus{text-decoration:underline}
.badge{display:inline-block;margin:16px 0 0;padding:2px 8px;border-radius:4px;background:#ffde92;color:#6b4400;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.04em}
h1{margin:8px 0 24px;font-size:20px;font-weight:500}
h1 .merchant{display:block;color:#425466;font-size:16px}
h1 .amount{display:block;font-size:36px;font-weight:600}
h2{margin:0 0 16px;font-size:18px;font-weight:600}
.items{list-style:none;margin:0;padding:0}
.items li{display:grid;grid-template-columns:1fr auto auto;gap:12px;padding:8px 0;border-bottom:1px solid #e3e8ee}
.item-qty{color:#697386}
.total-row{display:flex;justify-content:space-between;font-weight:600;margin-top:12px}
fieldset{border:0;margin:0 0 16px;padding:0}
legend{font-weight:600;margin-bottom:8px;padding:0}
.field{margin-bottom:16px}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
label,.label{display:block;font-size:14px;font-weight:500;color:#3c4257;margin-bottom:4px}
.hint{display:block;font-size:12px;color:#697386;margin:-2px 0 4px}
input{width:100%;padding:10px 12px;font:inherit;border:1px solid #c1c9d2;border-radius:6px;background:#fff;color:inherit}
input:focus{outline:3px solid #7a73ff;outline-offset:1px;border-color:#635bff}
.has-error input{border-color:#c0123c}
.field-error{margin:4px 0 0;color:#c0123c;font-size:14px}
.alert{margin:0 0 16px;padding:12px;border-radius:6px;background:#fde8ec;color:#8a0c2b;border:1px solid #f5b5c3}
.contact{display:flex;justify-content:space-between;gap:12px;margin:0 0 16px}
.pay{width:100%;padding:12px;font:inherit;font-weight:600;color:#fff;background:#635bff;border:0;border-radius:6px;cursor:pointer}
.pay:hover{background:#5047e5}
.pay:focus{outline:3px solid #7a73ff;outline-offset:2px}
.test-cards{margin-top:24px;font-size:14px;color:#425466}
.test-cards summary{cursor:pointer;font-weight:500}
.status{max-width:560px;margin:64px auto;padding:32px;background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(26,31,54,.08)}
.button-link{display:inline-block;padding:10px 16px;border-radius:6px;background:#635bff;color:#fff;text-decoration:none;font-weight:600}
.button-link:focus{outline:3px solid #7a73ff;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
