// The admin API's route groups, one per emulator control; each module adds itself here.

import type { AdminRoutes } from './admin-api.ts';

export const ADMIN_ROUTES: readonly AdminRoutes[] = [];
