import { randomString, secureRandom } from '../shared/random';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed is not misread. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Issues ticket codes like `TTH-7K2M-Q9XD-4RBN`: 12 random symbols (60 bits, from the
 * cryptographic generator), never the same code twice from one generator.
 */
export class TicketCodeGenerator {
  private readonly issued = new Set<string>();

  next(): string {
    for (;;) {
      const symbols = randomString(CODE_ALPHABET, 12, secureRandom);
      const code = `TTH-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
      if (!this.issued.has(code)) {
        this.issued.add(code);
        return code;
      }
    }
  }

  reset(): void {
    this.issued.clear();
  }
}

export const TICKET_CODE_PATTERN = /^TTH-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
