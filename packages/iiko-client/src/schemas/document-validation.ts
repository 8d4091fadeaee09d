import { z } from 'zod';
import { booleanString, text } from './values';

/**
 * iiko's answer to a document import (`<documentValidationResult>`): whether the document was accepted,
 * the number it was stored under, and iiko's own explanation when it was not
 * (`server_documentValidationResult_{valid,invalid}_official-doc.xml`).
 */
export interface IikoDocumentValidationResult {
  /** `true`: the document was written. `false`: nothing was written; see `errorMessage`. */
  valid: boolean;
  /** The document's number in iiko. */
  documentNumber?: string | undefined;
  /** iiko's reason for refusing the document, as iiko wrote it. */
  errorMessage?: string | undefined;
  /** iiko's `warning` flag (accepted with remarks). */
  warning?: boolean | undefined;
}

/** Schema of {@link IikoDocumentValidationResult}; unknown elements are kept. */
export const documentValidationResultSchema: z.ZodType<IikoDocumentValidationResult> = z.looseObject({
  valid: booleanString,
  documentNumber: text.optional(),
  errorMessage: text.optional(),
  warning: booleanString.optional(),
});
