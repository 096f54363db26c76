import { rewriteResponses, type Fault } from '../fault.js';

/** The framework default status left in place: create answers 200 OK instead of 201 Created. */
export const fault: Fault = {
  id: 'create-answers-200',
  description: 'create answers 200 instead of 201',
  caughtBy: ['http-contract', 'coverage'],
  apply: () => ({ wrapHandler: rewriteResponses((res) => (res.status === 201 ? { ...res, status: 200 } : res)) }),
};
