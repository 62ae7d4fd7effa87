/**
 * Lambda `catalog`: GET /events and GET /events/{eventId}.
 * Thin on purpose: parameters are validated by createHttpFunction, the work is in @tth/data.
 */
import {
  InvalidCursorError,
  createCatalogRepository,
  createDynamoClientsFromEnv,
  tableNameSetting,
  type CatalogRepository,
} from '@tth/data';
import {
  NotFoundError,
  ValidationError,
  createHttpFunction,
  loadConfig,
  type HttpFunctionOptions,
  type Routes,
} from '@tth/runtime';

const DEFAULT_PAGE_SIZE = 20;

export function catalogRoutes(catalog: CatalogRepository): Routes {
  return {
    listEvents: async ({ params }) => {
      const { limit = DEFAULT_PAGE_SIZE, cursor } = params.query;
      try {
        return { status: 200, body: await catalog.listEvents({ limit, ...(cursor ? { cursor } : {}) }) };
      } catch (error) {
        if (error instanceof InvalidCursorError)
          throw new ValidationError([{ field: '/query/cursor', message: 'is not a cursor this API issued' }]);
        throw error;
      }
    },
    getEvent: async ({ params }) => {
      const event = await catalog.getEvent(params.path.eventId);
      if (!event) throw new NotFoundError('No event with this id.');
      return { status: 200, body: event };
    },
  };
}

export function createCatalogHandler(catalog: CatalogRepository, options?: HttpFunctionOptions) {
  return createHttpFunction(catalogRoutes(catalog), options);
}

// Module scope: read once per container; a missing CATALOG_TABLE fails the cold start, naming it.
const config = loadConfig({ catalogTable: tableNameSetting('Catalog') });
const { doc } = createDynamoClientsFromEnv();

export const handler = createCatalogHandler(createCatalogRepository(doc, config.catalogTable));
