export {
  functionByOperation,
  httpFunctions,
  scheduledFunctions,
  type HttpFunctionName,
  type ScheduledFunctionName,
} from './routes';
export { handlerFile, handlerModules, loadHandlerModule, type HandlerModule, type HandlerName } from './entries';
