/** An OperationOutcome as the tests read it. */
export type Outcome = { resourceType: string; issue: { severity: string; code: string; diagnostics?: string }[] };

/** The FHIR client library throws on non-2xx; this returns the status and the OperationOutcome instead. */
export async function refused(call: Promise<unknown>): Promise<{ status: number; body: Outcome }> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: Outcome } }).response;
    if (response) return { status: response.status, body: response.data };
    throw error;
  }
  throw new Error('expected the request to be refused');
}
