// The admin API's route groups, one per emulator control; each module adds itself here.

import type { AdminRoutes } from './admin-context.ts';
import { registerStateRoutes } from './state-routes.ts';
import { registerLimitsRoutes } from './limits-routes.ts';
import { registerFaultRoutes } from './fault-routes.ts';
import { registerSecurityRoutes } from './security-routes.ts';
import { registerNumberingRoutes } from './numbering-routes.ts';

export const ADMIN_ROUTES: readonly AdminRoutes[] = [
  registerStateRoutes,
  registerLimitsRoutes,
  registerFaultRoutes,
  registerSecurityRoutes,
  registerNumberingRoutes,
];
