import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../auth/session';
import { RoleTags } from '../components/tags';
import { formatDateTime, localName } from '../lib/format';
import { visibleNav } from '../nav/menu';

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const { user, permissions } = useMe();
  const adminEntries = visibleNav(permissions).filter((entry) => entry.group !== 'main');

  return (
    <Row gutter={[24, 24]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={3} data-testid="home-welcome" style={{ marginTop: 0 }}>
            {t('home.welcome', { name: user.displayName })}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
          <Descriptions column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('home.department')}>
              <span data-testid="home-department">
                {localName(user.departmentName, i18n.language) || t('header.noDepartment')}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('home.roles')}>
              <span data-testid="home-roles">
                <RoleTags roles={user.roles} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('home.lastLogin')}>
              {user.lastLoginAt ? formatDateTime(user.lastLoginAt, i18n.language) : t('home.firstLogin')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('home.permissions')}>
          {adminEntries.length === 0 ? (
            <Typography.Text type="secondary">{t('home.noPermissions')}</Typography.Text>
          ) : (
            <Row gutter={[16, 16]}>
              {adminEntries.map((entry) => (
                <Col key={entry.key} xs={24} sm={12} lg={8}>
                  <Link to={entry.path}>
                    <Card hoverable size="small">
                      {t(entry.labelKey)}
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
          )}
        </Card>
      </Col>
    </Row>
  );
}
