import type { LocalizedText } from '../types.js';
import { text } from './fields.js';

/**
 * The condition most identified clinical records share under. It follows GB/T 39725 §7 (treatment,
 * care and referral; de-identified research) and PIPL Art. 23 (separate consent before another
 * processor such as a referral hospital receives identifiable data).
 */
export const CLINICAL_CARE_CONDITION: LocalizedText = text(
  '仅用于该患者本人的诊疗、会诊或转诊;向院外机构(如转诊、合作医院)提供须取得患者单独同意(《个人信息保护法》第二十三条);用于科研、教学或统计分析时须先去标识化,并限于申请中列明的数据项和期限。',
  "Only for this patient's own treatment, consultation or referral; release to another institution (a referral or partner hospital) needs the patient's separate consent (PIPL Art. 23); research, teaching or statistics only on de-identified data, limited to the items and period named in the request.",
);

/**
 * The stricter condition for level-5 content. PIPL Art. 29 requires separate consent for sensitive
 * personal information; the recipient is narrowed to the clinicians treating the patient, and
 * statutory reporting is kept out of this platform because it has its own channel.
 */
export function specialCategoryCondition(extra: LocalizedText): LocalizedText {
  return text(
    `仅限负责该患者诊疗的医务人员(含转诊接收医院)为直接诊疗使用,且须取得患者就本次提供的单独同意(《个人信息保护法》第二十九条),同意须列明接收方与目的;不得用于科研、教学或管理用途,汇总匿名统计除外。${extra.zh}`,
    `Only for direct treatment by the clinicians responsible for this patient (including a receiving hospital on referral), with the patient's separate consent to this release naming recipient and purpose (PIPL Art. 29); never for research, teaching or management use except as anonymised aggregate statistics. ${extra.en}`,
  );
}
