import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import i18n, { changeLanguage, currentLanguage, LANGUAGES, type Language } from '../i18n';

/** Each language is named in itself so a reader can find theirs whichever language is showing. */
function endonym(lng: Language): string {
  return i18n.getFixedT(lng)('lang.self');
}

export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { t } = useTranslation();
  const active = currentLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [active],
        items: LANGUAGES.map((lng) => ({
          key: lng,
          label: (
            <span lang={lng} data-testid={`lang-option-${lng}`}>
              {endonym(lng)}
            </span>
          ),
        })),
        onClick: ({ key }) => void changeLanguage(key as Language),
      }}
    >
      <Button type={type} icon={<GlobalOutlined />} aria-label={`${t('lang.label')}: ${endonym(active)}`} title={t('lang.label')} data-testid="lang-switch">
        <span lang={active}>{endonym(active)}</span>
      </Button>
    </Dropdown>
  );
}
