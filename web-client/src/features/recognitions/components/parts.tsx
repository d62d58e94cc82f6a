import { useLocalized } from '@/lib/i18n/localize';
import { useAgencies } from '@/lib/reference/agencies';

export function useAgencyName() {
  const { pick } = useLocalized();
  const agencies = useAgencies();
  return (code: string) => {
    const agency = agencies.data?.find((a) => a.code === code);
    return agency ? (pick(agency.nameVi, agency.nameEn).text ?? code) : code;
  };
}
