/**
 * `@tth/functions`: the Lambda functions. One list of functions (./functions.ts), one list of
 * settings (./settings.ts), the configuration reader the handlers use (./config.ts), and the
 * handler modules, loaded lazily by the tooling (./entries.ts). Recipes: README.md.
 */
export {
  commonSettings,
  functionByOperation,
  functionDefinition,
  functionNames,
  functions,
  rawBodyOperations,
  settingsOf,
  type FunctionDefinition,
  type FunctionName,
  type HttpFunctionName,
  type TableAccess,
  type Trigger,
} from './functions';
export {
  settings,
  type AwsSource,
  type ParameterId,
  type SecretId,
  type SettingDefinition,
  type SettingKey,
  type SettingsFrom,
} from './settings';
export {
  dynamoClientsOf,
  loadFunctionConfig,
  loadSettings,
  localSettingsEnv,
  readSetting,
  settingsEnv,
  settingsSetIn,
  type ConfigFor,
  type FunctionConfig,
  type SettingValue,
} from './config';
export { handlerFile, handlerModules, loadHandlerModule, type HandlerModule } from './entries';
