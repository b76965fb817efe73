import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  CommentOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FormOutlined,
  HomeOutlined,
  IdcardOutlined,
  LogoutOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  StopOutlined,
  SwapOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Alert, Avatar, Button, Layout, Menu, Space, Tooltip, type MenuProps } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { MFA_ENROL_PATH, mustEnrolMfa, openWhileEnrolling } from '../auth/mfa-gate';
import { useMe, useSession } from '../auth/session';
import { BrandMark } from '../components/brand-mark';
import { InboxBell } from '../components/inbox-bell';
import { LanguageSwitch } from '../components/language-switch';
import { PageSpinner } from '../components/page-spinner';
import { localName } from '../lib/format';
import { NAV_GROUPS, navKeyForPath, visibleNav, type NavGroup, type NavKey } from '../nav/menu';

const { Header, Sider, Content } = Layout;

const NAV_ICONS: Record<NavKey, ReactNode> = {
  home: <HomeOutlined />,
  profile: <IdcardOutlined />,
  patients: <SolutionOutlined />,
  referrals: <SwapOutlined />,
  catalog: <DatabaseOutlined />,
  import: <CloudUploadOutlined />,
  shareRequests: <FormOutlined />,
  reviews: <FileProtectOutlined />,
  grants: <SafetyCertificateOutlined />,
  feedback: <CommentOutlined />,
  users: <TeamOutlined />,
  departments: <ApartmentOutlined />,
  institutions: <BankOutlined />,
  audit: <AuditOutlined />,
  supervision: <DashboardOutlined />,
  reports: <FileDoneOutlined />,
  emergencyReview: <AlertOutlined />,
  alerts: <WarningOutlined />,
  violations: <StopOutlined />,
  suggestions: <MessageOutlined />,
};

const GROUP_LABELS: Record<Exclude<NavGroup, 'main'>, 'nav.clinical' | 'nav.data' | 'nav.sharing' | 'nav.admin' | 'nav.oversight'> = {
  clinical: 'nav.clinical',
  data: 'nav.data',
  sharing: 'nav.sharing',
  admin: 'nav.admin',
  oversight: 'nav.oversight',
};

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // Until the required factor is enrolled the server refuses every other page, so only the profile is offered.
  const enrolling = mustEnrolMfa(me.user);

  const entries = enrolling ? visibleNav([]).filter((entry) => entry.path === MFA_ENROL_PATH) : visibleNav(me.permissions);
  const toItem = (entry: (typeof entries)[number]) => ({
    key: entry.key,
    icon: NAV_ICONS[entry.key],
    label: (
      <Link to={entry.path} data-testid={`menu-${entry.key}`}>
        {t(entry.labelKey)}
      </Link>
    ),
  });
  const items = NAV_GROUPS.flatMap((group): NonNullable<MenuProps['items']> => {
    const groupItems = entries.filter((e) => e.group === group).map(toItem);
    if (group === 'main' || groupItems.length === 0) return groupItems;
    return [{ type: 'group' as const, key: group, label: t(GROUP_LABELS[group]), children: groupItems }];
  });
  const selected = navKeyForPath(location.pathname);
  const departmentName = localName(me.user.departmentName, i18n.language) || t('header.noDepartment');

  if (enrolling && !openWhileEnrolling(location.pathname)) return <Navigate to={MFA_ENROL_PATH} replace />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" width={220}>
        <Link to="/" className="yx-brand" aria-label={t('app.name')}>
          <BrandMark />
          {!collapsed && <span className="yx-brand-name">{t('app.name')}</span>}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={selected ? [selected] : []}
          aria-label={t('nav.mainMenu')}
          data-testid="main-menu"
        />
      </Sider>
      <Layout>
        <Header className="yx-header" style={{ background: '#fff', padding: '0 24px' }}>
          <span className="yx-header-title">{t('app.tagline')}</span>
          <Space size="middle">
            <LanguageSwitch />
            {!enrolling && <InboxBell />}
            <Link to="/profile" aria-label={t('header.userMenu')}>
              <Space>
                <Avatar style={{ backgroundColor: '#1677ff' }}>{me.user.displayName.slice(0, 1)}</Avatar>
                <span className="yx-header-user">
                  <span data-testid="header-user-name">{me.user.displayName}</span>
                  <span className="yx-header-user-dept" data-testid="header-user-department">
                    {departmentName}
                  </span>
                </span>
              </Space>
            </Link>
            <Tooltip title={t('header.logout')}>
              <Button
                type="text"
                icon={<LogoutOutlined />}
                // SessionGate sends the signed-out user to /login.
                onClick={() => void logout()}
                aria-label={t('header.logout')}
                data-testid="logout"
              />
            </Tooltip>
          </Space>
        </Header>
        <Content className="yx-content">
          {enrolling && (
            <Alert
              type="warning"
              showIcon
              title={t('mfa.requiredBannerTitle')}
              description={t('mfa.requiredBanner')}
              style={{ marginBottom: 24 }}
              data-testid="mfa-required-banner"
            />
          )}
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
