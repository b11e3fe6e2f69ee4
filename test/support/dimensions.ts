// What the XML and REST dimension tests expect of the demo companies' dimensions.

/**
 * The standard dimensions in the REST reference's order (dgaretz-oss/intacct-mcp docs/rest/company-configuration.md,
 * "List dimensions"), less AFFILIATEENTITY and FIXEDASSET, whose objects the catalog lacks.
 */
export const STANDARD_DIMENSIONS = [
  'DEPARTMENT',
  'LOCATION',
  'PROJECT',
  'CUSTOMER',
  'VENDOR',
  'EMPLOYEE',
  'ITEM',
  'CLASS',
  'CONTRACT',
  'TASK',
  'WAREHOUSE',
  'COSTTYPE',
] as const;

/** `demo`'s user-defined dimension: the custom object MCA_attendee (catalog/platform-apps), named in upper case. */
export const DEMO_UDD = 'MCA_ATTENDEE';
