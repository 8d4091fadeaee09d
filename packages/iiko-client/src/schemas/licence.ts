import { z } from 'zod';
import { integerString, text } from './values';

/**
 * The iiko licence module of API integrations, whose connections every login counts against: the vendor's
 * own example of `licence/info` asks for it ("Получить кол-во свободных слотов для конкретного
 * лицензионного модуля можно запросом …/resto/api/licence/info?moduleId=28008806").
 */
export const API_LICENCE_MODULE_ID = '28008806';

/**
 * What `GET /resto/api/licence/info?moduleId=…` tells about one licence module: how many connections
 * (logins) it allows and how many are free now. A login with none free is refused with `403 License
 * enhancement is required`. The vendor documents the request but not its fields, so every field is
 * optional and elements this version does not know are kept on the object as parsed.
 */
export interface IikoLicenceInfo {
  /** The module asked about. */
  moduleId?: string;
  /** The module's name, e.g. `RMS (API)`. */
  moduleName?: string;
  /** Connections the licence allows. */
  connectionsLimit?: number;
  /** Connections in use now (this client's own included). */
  connectionsUsed?: number;
  /** Connections free now: how many more logins can succeed. */
  freeConnections?: number;
}

/** Validates the `licence/info` answer; see {@link IikoLicenceInfo}. */
export const licenceInfoSchema: z.ZodType<IikoLicenceInfo> = z.looseObject({
  moduleId: text.exactOptional(),
  moduleName: text.exactOptional(),
  connectionsLimit: integerString.exactOptional(),
  connectionsUsed: integerString.exactOptional(),
  freeConnections: integerString.exactOptional(),
});
