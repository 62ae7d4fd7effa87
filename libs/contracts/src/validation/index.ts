export { matchOperation, operationIndex, parseJsonBody, validateParameters, validateRequestBody } from './request';
export type { Validated, ValidationIssue } from './issues';
export type { OperationInfo, ParameterInfo, HttpMethod } from '../operation-info';
