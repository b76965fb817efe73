/** Purposes of use (settings in a later release; policy Ch.8). A data read without one is refused. */
export const PURPOSES_OF_USE = ['treatment', 'referral', 'nursing', 'pharmacy', 'billing', 'quality-control', 'research', 'public-health', 'patient-request', 'management'] as const;
export type PurposeOfUse = (typeof PURPOSES_OF_USE)[number];

export function isPurposeOfUse(value: string): value is PurposeOfUse {
  return (PURPOSES_OF_USE as readonly string[]).includes(value);
}
