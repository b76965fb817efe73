/**
 * Who is speaking when an audit entry leaves the platform. The presenters are pure, so everything
 * that is not in the entry itself — which server, which hospital — arrives here.
 */
export interface ExportContext {
  /** Stable id of this Yixiang deployment; the FHIR observer and the syslog AuditSourceID. */
  serverId: string;
  /** The hospital running the deployment (may be Chinese); the FHIR source site. */
  hospitalName: string;
  /**
   * Network name of the emitting host. RFC 5424 §6.2.4 prefers an FQDN; non-ASCII characters are
   * dropped from the syslog header, so give the ASCII (punycode) form.
   */
  hostname: string;
  /** Base of the platform's FHIR endpoint; when set, bundle entries get resolvable fullUrls. */
  fhirBaseUrl?: string;
  /** Syslog PROCID (e.g. the process id), so a collector can spot restarts; NILVALUE when absent. */
  procId?: string;
}

/** Per-entry facts that live beside the entry rather than in it. */
export interface EntryExtras {
  /** Lowercase hex Merkle leaf hash of the entry, so an export can be matched to proofs. */
  leafHash?: string;
}
