/**
 * Which CloudFormation resource types a region offers, from the table scripts/generate-china-availability.ts
 * writes to data/availability.json: the types every listed region has (`base`), and per region the ones it adds.
 */

export interface AvailabilityFile {
  generated: string;
  sources: { name: string; version?: string; commit?: string; licence: string; url: string; what: string }[];
  resourceTypes: { base: string[]; regions: Record<string, { add: string[] }> };
  /** Service ids from the public SSM parameters /aws/service/global-infrastructure/regions/<region>/services. */
  services?: Record<string, string[]>;
}

export interface Availability {
  /** When the table was generated (YYYY-MM-DD). */
  readonly generated: string;
  /** The regions the table knows. */
  readonly regions: readonly string[];
  /**
   * Whether the region offers the resource type: undefined when the table cannot tell (a region it does not list,
   * a type outside the AWS:: namespace: custom resources, third-party and private registry types, or a type of the
   * AWS::Serverless transform, which the transform turns into registry types before CloudFormation sees them).
   */
  offers(region: string, type: string): boolean | undefined;
}

function checkList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new TypeError(`The availability table's ${what} is not a list of names.`);
  }
  return value as string[];
}

/** Reads the table; throws TypeError when its shape is wrong. */
export function parseAvailability(json: unknown): Availability {
  const file = json as Partial<AvailabilityFile> | null;
  if (!file || typeof file !== 'object' || typeof file.generated !== 'string' || !file.resourceTypes) {
    throw new TypeError('The availability table has no `generated` date or no `resourceTypes`.');
  }
  const base = new Set(checkList(file.resourceTypes.base, 'resourceTypes.base'));
  const regions = new Map<string, Set<string>>();
  for (const [region, entry] of Object.entries(file.resourceTypes.regions ?? {})) {
    regions.set(region, new Set(checkList(entry?.add, `resourceTypes.regions.${region}.add`)));
  }
  return {
    generated: file.generated,
    regions: [...regions.keys()],
    offers(region, type) {
      const added = regions.get(region);
      if (!added || !type.startsWith('AWS::') || type.startsWith('AWS::Serverless::')) return undefined;
      return base.has(type) || added.has(type);
    },
  };
}
