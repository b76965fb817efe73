/**
 * FHIR R4 data types a choice element (`value[x]`, `effective[x]`, `onset[x]`…) can take. JSON spells
 * a choice as base name + type name with its first letter upper-cased (`effectiveDateTime`). Matching
 * against this list, rather than "any upper-case letter after the base name", keeps `Encounter.class`
 * from picking up `classHistory`, which is a different element.
 */
const CHOICE_TYPES = [
  'base64Binary', 'boolean', 'canonical', 'code', 'date', 'dateTime', 'decimal', 'id', 'instant', 'integer', 'markdown', 'oid',
  'positiveInt', 'string', 'time', 'unsignedInt', 'uri', 'url', 'uuid',
  'Address', 'Age', 'Annotation', 'Attachment', 'CodeableConcept', 'Coding', 'ContactPoint', 'Count', 'Distance', 'Duration',
  'HumanName', 'Identifier', 'Money', 'Period', 'Quantity', 'Range', 'Ratio', 'Reference', 'SampledData', 'Signature', 'Timing',
  'ContactDetail', 'Contributor', 'DataRequirement', 'Expression', 'ParameterDefinition', 'RelatedArtifact', 'TriggerDefinition',
  'UsageContext', 'Dosage', 'Meta',
] as const;

export const capitalise = (type: string): string => type.charAt(0).toUpperCase() + type.slice(1);
/** The JSON suffixes of a choice element: `Quantity` in `valueQuantity`. */
export const CHOICE_SUFFIXES: ReadonlySet<string> = new Set(CHOICE_TYPES.map(capitalise));
export const TYPE_BY_LOWER_NAME: ReadonlyMap<string, string> = new Map(CHOICE_TYPES.map((type) => [type.toLowerCase(), type]));
