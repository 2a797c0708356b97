// Every component schema kcpx publishes, and the kind → component table.
import type { Schema } from '../apimachinery/types.js';
import { apiextensionsSchemas } from './apiextensions.js';
import { apisKcpSchemas } from './apis-kcp.js';
import { certificatesSchemas } from './certificates.js';
import { flowcontrolSchemas } from './flowcontrol.js';
import { kindSchemas } from './kinds.js';
import { metaSchemas } from './meta.js';
import { reviewSchemas } from './reviews.js';

export const components: Record<string, Schema> = {
  ...metaSchemas,
  ...kindSchemas,
  ...flowcontrolSchemas,
  ...reviewSchemas,
  ...apiextensionsSchemas,
  ...apisKcpSchemas,
  ...certificatesSchemas,
};
