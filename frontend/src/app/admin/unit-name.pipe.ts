import { Pipe, PipeTransform } from '@angular/core';
import { Lang } from '../core/language';
import { UnitRef, unitName } from '../core/user';

/** A unit's name in the language given (`{{ m.unit | unitName: language.lang() }}`); "" for the whole country without a name. */
@Pipe({ name: 'unitName' })
export class UnitNamePipe implements PipeTransform {
  transform(unit: Pick<UnitRef, 'nameFr' | 'nameAr' | 'nameEn'> | null | undefined, lang: Lang): string {
    return unit ? unitName(unit, lang) : '';
  }
}
