import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function PageSpinner() {
  const { t } = useTranslation();
  return (
    <div className="yx-center" aria-busy="true">
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}
