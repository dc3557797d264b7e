import { AdminUser, UnitTree } from './admin-api';

/** Test data for the administration specs (shapes of docs/administration.md). */
export const TREE: UnitTree = {
  scope: {
    kind: 'region',
    id: 'r1',
    code: 'RSK',
    nameFr: 'Académie Rabat-Salé-Kénitra',
    nameAr: 'أكاديمية الرباط سلا القنيطرة',
    nameEn: 'Rabat-Salé-Kénitra Academy',
  },
  regions: [
    {
      kind: 'region',
      id: 'r1',
      code: 'RSK',
      nameFr: 'Académie Rabat-Salé-Kénitra',
      nameAr: 'أكاديمية الرباط سلا القنيطرة',
      nameEn: 'Rabat-Salé-Kénitra Academy',
      provinces: [
        {
          kind: 'province',
          id: 'p1',
          code: 'RSK-RAB',
          nameFr: 'Direction provinciale de Rabat',
          nameAr: 'المديرية الإقليمية الرباط',
          nameEn: 'Rabat directorate',
          schools: 2,
        },
        {
          kind: 'province',
          id: 'p2',
          code: 'RSK-SAL',
          nameFr: 'Direction provinciale de Salé',
          nameAr: 'المديرية الإقليمية سلا',
          nameEn: 'Salé directorate',
          schools: 0,
        },
      ],
    },
  ],
};

export function adminUser(overrides: Partial<AdminUser> = {}): AdminUser {
  return {
    id: 'u2',
    email: 'karim@ecole.ma',
    displayName: 'Karim Alaoui',
    locale: 'fr',
    active: true,
    mfaEnabled: false,
    createdAt: '2026-11-01T10:00:00.000Z',
    memberships: [
      {
        id: 'm2',
        role: 'coordinator',
        unit: {
          kind: 'school',
          id: 's1',
          code: 'RAB-01',
          nameFr: 'Collège Ibn Khaldoun',
          nameAr: 'إعدادية ابن خلدون',
          nameEn: 'Ibn Khaldoun Middle School',
        },
        manageable: true,
      },
    ],
    otherMemberships: 0,
    manageable: true,
    ...overrides,
  };
}
