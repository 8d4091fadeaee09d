import { z } from 'zod';
import { jsonBoolean, jsonText } from './json-values';

/**
 * A measure unit (`кг`, `л`, `шт`), as `GET /resto/api/v2/entities/list?rootType=MeasureUnit` returns it.
 * Invoice lines (`amountUnit`) and products (`mainUnit`) name units by id. Fields this version does not
 * know are kept on the object as parsed.
 */
export interface IikoMeasureUnit {
  /** iiko's id of the unit (a UUID). */
  id: string;
  /** The reference entity's type: always `MeasureUnit` here. */
  rootType?: string;
  deleted?: boolean;
  /** The unit's name, e.g. `кг`. */
  name?: string;
  code?: string;
}

/** Validates one measure unit; see {@link IikoMeasureUnit}. */
export const measureUnitSchema: z.ZodType<IikoMeasureUnit> = z.looseObject({
  id: jsonText.min(1),
  rootType: jsonText.exactOptional(),
  deleted: jsonBoolean.exactOptional(),
  name: jsonText.exactOptional(),
  code: jsonText.exactOptional(),
});
