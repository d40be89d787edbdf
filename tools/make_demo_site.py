"""Build the demo week's static website (src/zhoubao/demo/site/) from the demo corpus; output is deterministic.

Every outlet gets its own page template (header, breadcrumb, meta line in the outlet's date format, share
links, related links, footer), plus feeds, listing pages and a sources.toml naming what the demo adds.
Absolute links in feeds use the placeholder base http://zhoubao-demo.invalid, which the demo server
rewrites to its loopback address. The site directory is deleted and rewritten on each run.

Usage: python tools/make_demo_site.py [--week DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[1]
WEEK = ROOT / "src" / "zhoubao" / "demo" / "week"
SITE = ROOT / "src" / "zhoubao" / "demo" / "site"
BASE = "http://zhoubao-demo.invalid"


# ---------------------------------------------------------------- date formats (one per outlet)


def _d(fmt: Callable[[datetime], str]) -> Callable[[datetime], str]:
    return fmt


DATE_FORMATS: dict[str, Callable[[datetime], str]] = {
    "nrta": _d(lambda t: f"{t:%Y-%m-%d}"),
    "cac": _d(lambda t: f"{t:%Y年%m月%d日 %H:%M}"),
    "miit": _d(lambda t: f"{t.year}/{t.month}/{t.day}"),
    "xinhua": _d(lambda t: f"{t:%Y-%m-%d %H:%M:%S}"),
    "people": _d(lambda t: f"{t:%Y年%m月%d日%H:%M}"),
    "36kr": _d(lambda t: f"{t:%Y-%m-%d %H:%M}"),
    "ithome": _d(lambda t: f"{t.year}/{t.month}/{t.day} {t:%H:%M:%S}"),
    "sina": _d(lambda t: f"{t:%Y年%m月%d日 %H:%M}"),
    "bjnews": _d(lambda t: f"{t:%Y-%m-%d %H:%M}"),
    "jiemian": _d(lambda t: f"{t:%Y/%m/%d %H:%M}"),
    "iqiyi": _d(lambda t: f"{t:%Y.%m.%d}"),
    "mgtv": _d(lambda t: f"{t.year}-{t.month}-{t.day} {t:%H:%M}"),
    "bilibili": _d(lambda t: f"{t.year}年{t.month}月{t.day}日"),
    "guduo": _d(lambda t: f"{t:%Y-%m-%d}"),
    "iimedia": _d(lambda t: f"{t:%Y-%m-%d %H:%M:%S}"),
    "questmobile": _d(lambda t: f"{t:%Y.%m.%d}"),
    "cnsa": _d(lambda t: f"{t.year}年{t.month}月{t.day}日"),
}


# ---------------------------------------------------------------- article templates (one per outlet)

ARTICLE: dict[str, str] = {}

ARTICLE["nrta"] = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${headline}_$site</title>
<meta name="SiteName" content="国家广播电视总局">
<meta name="ArticleTitle" content="$headline_attr">
<meta name="PubDate" content="$iso_minute">
<meta name="ContentSource" content="国家广播电视总局">
<style>body{margin:0;font-family:SimSun,serif;background:#f2f2f2}.top{background:#b5121b;color:#fff;padding:18px 40px;font-size:26px}
.nav{background:#8c0d14}.nav a{color:#fff;margin:0 18px;line-height:36px;text-decoration:none}.w1200{width:1000px;margin:0 auto;background:#fff;padding:20px 40px}
.position{font-size:13px;color:#666;border-bottom:1px dashed #ccc;padding-bottom:6px}.bt_title{text-align:center;font-size:24px;color:#b5121b;margin:24px 0 10px}
.bt_info{text-align:center;color:#888;font-size:13px}.bt_content p{font-size:16px;line-height:2;text-indent:2em}.foot{text-align:center;font-size:12px;color:#666;padding:20px}</style>
</head>
<body>
<div class="top">国家广播电视总局 <small>National Radio and Television Administration</small></div>
<div class="nav"><a href="/nrta/index.html">首页</a><a href="/nrta/about.html">机构概况</a><a href="/nrta/list.html">总局要闻</a><a href="/nrta/zwgk.html">政务公开</a><a href="/nrta/contact.html">互动交流</a></div>
<div class="w1200">
<div class="position">您当前的位置：<a href="/nrta/index.html">首页</a> &gt; <a href="/nrta/list.html">新闻</a> &gt; 总局要闻</div>
<h1 class="bt_title">$headline</h1>
<div class="bt_info">发布时间：$date&nbsp;&nbsp;&nbsp;来源：国家广播电视总局&nbsp;&nbsp;&nbsp;【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="bt_content" id="zoom">
$body
</div>
<div class="bt_share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a>　<a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="bt_qr">扫一扫在手机打开当前页</div>
<div class="bt_related"><h3>相关阅读</h3><ul>
$related
</ul></div>
</div>
<div class="foot">主办单位：国家广播电视总局　网站标识码：bm48000002<br>版权所有：国家广播电视总局　京ICP备05046547号-1　京公网安备11010102001102号</div>
</body>
</html>
"""

ARTICLE["cac"] = """<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${headline}_中国网信网</title>
<meta name="description" content="$summary_attr">
<meta name="publishdate" content="$iso_date">
</head>
<body>
<header class="cac-header">
  <div class="logo">中共中央网络安全和信息化委员会办公室 中华人民共和国国家互联网信息办公室</div>
  <nav class="menu"><ul><li><a href="/cac/index.html">首页</a></li><li><a href="/cac/list.html">权威发布</a></li><li><a href="/cac/zcfg.html">政策法规</a></li><li><a href="/cac/about.html">机构职能</a></li><li><a href="/cac/contact.html">举报中心</a></li></ul></nav>
</header>
<main class="main-content">
  <div class="crumbs"><a href="/cac/index.html">首页</a> &gt; <a href="/cac/list.html">权威发布</a> &gt; 正文</div>
  <h1 class="title" id="title">$headline</h1>
  <div class="info"><span class="time">$date</span><span class="source">来源：中国网信网</span></div>
  <div class="main-content-text" id="BodyLabel">
$body
  </div>
  <div class="share"><span>分享到：</span><a class="wx" href="#">微信</a><a class="wb" href="#">微博</a></div>
  <div class="code">扫一扫在手机打开当前页</div>
  <section class="relate"><h2>相关阅读</h2><ul>
$related
  </ul></section>
</main>
<footer class="cac-footer"><p>中共中央网络安全和信息化委员会办公室 中华人民共和国国家互联网信息办公室 &copy; 版权所有</p><p>京ICP备14042428号　京公网安备11010202000001号</p></footer>
</body>
</html>
"""

ARTICLE[
    "miit"
] = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>$headline</title>
<meta name="keywords" content="工业和信息化部" />
</head>
<body bgcolor="#FFFFFF">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="90" bgcolor="#0B5EA8"><font color="#FFFFFF" size="5">&nbsp;中华人民共和国工业和信息化部</font></td></tr>
<tr><td height="30" bgcolor="#E6EEF7">&nbsp;<a href="/miit/index.html">首页</a> | <a href="/miit/about.html">机构设置</a> | <a href="/miit/list.html">新闻动态</a> | <a href="/miit/zwgk.html">政务公开</a> | <a href="/miit/contact.html">互动交流</a></td></tr>
<tr><td height="28" class="dqwz">当前位置：<a href="/miit/index.html">首页</a> &gt; <a href="/miit/list.html">新闻动态</a> &gt; 数据发布</td></tr>
<tr><td align="center"><h1 id="con_title" style="font-size:22px;color:#0B5EA8">$headline</h1></td></tr>
<tr><td align="center" class="cinfo"><span id="con_time">发布时间：$date</span>&nbsp;&nbsp;&nbsp;&nbsp;来源：运行监测协调局&nbsp;&nbsp;&nbsp;&nbsp;【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
<tr><td id="con_con" class="ccontent" style="font-size:16px;line-height:30px;padding:20px 40px">
$body
</td></tr>
<tr><td align="right">分享到：<a href="#">微信</a> <a href="#">微博</a>&nbsp;&nbsp;扫一扫在手机打开当前页&nbsp;&nbsp;<a href="javascript:window.print()">[打印]</a> <a href="javascript:window.close()">[关闭]</a></td></tr>
<tr><td><b>相关阅读：</b><ul>
$related
</ul></td></tr>
<tr><td height="80" align="center" bgcolor="#E6EEF7"><font size="2">主办单位：中华人民共和国工业和信息化部　地址：北京市西长安街13号<br />版权所有：中华人民共和国工业和信息化部　ICP备案编号：京ICP备04000001号</font></td></tr>
</table>
</body>
</html>
"""

ARTICLE["xinhua"] = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>$headline-新华网</title>
<meta name="keywords" content="$headline_attr">
<meta name="publishdate" content="$iso_date">
<meta name="source" content="新华网">
<meta property="og:site_name" content="新华网">
</head>
<body>
<div class="header"><div class="logo">新华网</div><div class="nav"><a href="/xinhua/index.html">首页</a> <a href="/xinhua/index.html#politics">时政</a> <a href="/xinhua/index.html#fortune">财经</a> <a href="/xinhua/index.html#tech">科技</a> <a href="/xinhua/index.html#ent">文化</a> <a href="/xinhua/rss.xml">RSS</a></div></div>
<div class="domPC">
<div class="head-line clearfix">
<div class="header-cont clearfix">
<div class="header-time left"><span class="year"><em>$year</em></span><span class="day"><em>$month2</em>/<em>$day2</em></span><span class="time">$hms</span></div>
<div class="source">来源：新华网</div>
</div>
<h1><span class="title">$headline</span></h1>
<div class="pageShare">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
</div>
<div class="main clearfix"><div class="main-left left"><div id="detail">
$body
</div>
<div class="editor">【责任编辑:$editor】</div>
<div class="fix-ewm">扫一扫，用手机看新闻！</div>
<div class="relatedNews"><h3>推荐阅读</h3><ul>
$related
</ul></div>
</div></div>
</div>
<div class="foot">Copyright &copy; 2000-2025 XINHUANET.com　All Rights Reserved.<br>制作单位：新华网股份有限公司　京ICP证010042号</div>
</body>
</html>
"""

ARTICLE["people"] = """<!DOCTYPE html>
<html>
<head>
<meta http-equiv="content-type" content="text/html;charset=UTF-8">
<title>$headline--传媒--人民网</title>
<meta name="keywords" content="网络视听">
<meta name="description" content="$summary_attr">
<meta name="publishdate" content="$iso_date">
<meta name="author" content="$author_attr">
</head>
<body>
<div class="header"><a href="/people/index.html">人民网</a> &gt;&gt; <a href="/people/list.html">传媒</a><span class="topnav"><a href="/people/index.html">首页</a> | <a href="/people/about.html">关于人民网</a> | <a href="/people/contact.html">联系我们</a></span></div>
<div class="main">
<div class="col col-1 fl">
<h1>$headline</h1>
<div class="col-1-1 fl">$date | 来源：人民网－传媒频道</div>
<div class="rm_txt_con cf">
$body
</div>
<div class="edit cf">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">人民微博</a></div>
<div class="ewm">扫一扫，手机看新闻</div>
</div>
<div class="col col-2 fr"><h2>相关阅读</h2><ul class="list_16">
$related
</ul></div>
</div>
<div class="footer">人民日报社概况 | 关于人民网 | 报社招聘 | 招聘英才 | 广告服务 | 合作加盟 | 供稿服务 | 网站声明 | 网站律师 | 信息保护 | 联系我们<br>人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用<br>Copyright &copy; 1997-2025 by www.people.com.cn. all rights reserved　京ICP证000006号</div>
</body>
</html>
"""

ARTICLE["36kr"] = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>$headline-36氪</title>
<meta property="og:site_name" content="36氪">
<meta property="og:title" content="$headline_attr">
<meta property="og:type" content="article">
<meta property="article:published_time" content="$iso">
<meta name="author" content="$author_attr">
</head>
<body>
<div id="app"><div class="kr-header"><a class="logo" href="/36kr/index.html">36氪</a><nav><a href="/36kr/index.html">首页</a><a href="/36kr/index.html#newsflashes">快讯</a><a href="/36kr/index.html#topics">专题</a><a href="/36kr/about.html">关于我们</a><a href="/36kr/feed.xml">订阅</a></nav></div>
<div class="kr-layout"><div class="breadcrumb"><a href="/36kr/index.html">首页</a> / <a href="/36kr/index.html#information">资讯</a> / 文章详情</div>
<article class="article-wrapper">
<h1 class="article-title margin-bottom-20 common-width">$headline</h1>
<div class="article-title-icon common-width"><a class="title-icon-item item-a" href="#">$author</a><span class="title-icon-item item-time">&middot; $date</span></div>
<div class="summary">$summary</div>
<div class="articleDetailContent">
$body
</div>
<p class="statement">本文来自36氪，经授权发布，转载请联系原作者。</p>
<div class="kr-share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">复制链接</a><span class="qr">扫一扫分享到朋友圈</span></div>
</article>
<aside class="kr-related"><h3>推荐阅读</h3><ul>
$related
</ul></aside></div>
<footer class="kr-footer">&copy; 2011~2025 北京多氪信息科技有限公司 | 京ICP备12031756号-6 | 京公网安备11010502036099号</footer></div>
</body>
</html>
"""

ARTICLE["ithome"] = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>$headline - IT之家</title>
<meta name="keywords" content="IT之家">
<meta property="og:site_name" content="IT之家">
</head>
<body>
<div id="nav"><a href="/ithome/index.html">IT之家</a> <a href="/ithome/index.html#it">资讯</a> <a href="/ithome/index.html#soft">软件</a> <a href="/ithome/index.html#digi">数码</a> <a href="/ithome/about.html">关于</a> <a href="/ithome/atom.xml">订阅</a></div>
<div class="content fl">
<div class="fl" id="dt">
<div class="crumb-2 fl"><a href="/ithome/index.html">首页</a> &gt; <a href="/ithome/index.html#it">IT资讯</a> &gt; 正文</div>
<h1>$headline</h1>
<div class="cv"><span id="pubtime_baidu">$date</span> <span id="source_baidu">来源：<a href="/ithome/index.html">IT之家</a></span> <span id="author_baidu">作者：<strong>$author</strong></span> <span id="editor_baidu">责编：<strong>$author</strong></span></div>
<div class="post_content" id="paragraph">
$body
</div>
<p class="ad-tips">广告声明：文内含有的对外跳转链接（包括不限于超链接、二维码、口令等形式），用于传递更多信息，节省甄选时间，结果仅供参考，IT之家所有文章均包含本声明。</p>
<div class="shareto">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ</a>　<span>扫一扫，分享到微信</span></div>
<div class="related"><div class="tt">相关文章</div><ul>
$related
</ul></div>
</div>
</div>
<div id="ft">软媒旗下网站：IT之家 最会买 - 智能家电 Win7之家 Win10之家 Win11之家<br>Copyright &copy; RuanMei.com, All Rights Reserved.　鲁ICP备19015287号-2</div>
</body>
</html>
"""

ARTICLE["sina"] = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>${headline}_新浪科技_新浪网</title>
<meta name="keywords" content="$headline_attr">
<meta property="og:type" content="news">
<meta property="og:title" content="$headline_attr">
<meta property="og:site_name" content="新浪科技">
<meta property="article:published_time" content="$iso">
<meta name="publishid" content="$pubid">
</head>
<body>
<div class="top-nav"><a href="/sina/index.html">新浪首页</a> <a href="/sina/index.html#news">新闻</a> <a href="/sina/index.html#tech">科技</a> <a href="/sina/index.html#ent">娱乐</a> <a href="/sina/about.html">关于新浪</a></div>
<div class="main-content w1000">
<div class="channel-path"><a href="/sina/index.html">科技</a> &gt; <a href="/sina/index.html#it">互联网</a> &gt; 正文</div>
<h1 class="main-title">$headline</h1>
<div class="top-bar-wrap"><div class="date-source"><span class="date">$date</span><a class="source" href="/sina/index.html">新浪科技</a></div>
<div class="share-wrap">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div></div>
<div class="article" id="artibody">
$body
</div>
<div class="qrcode">扫一扫，手机阅读</div>
<div class="article-bottom"><div class="related"><h3>相关新闻</h3><ul>
$related
</ul></div></div>
</div>
<div class="footer">新浪简介 | About Sina | 广告服务 | 联系我们 | 招聘信息 | 网站律师 | SINA English | 通行证注册 | 产品答疑<br>Copyright &copy; 1996-2025 SINA Corporation, All Rights Reserved　京ICP证000007</div>
</body>
</html>
"""

ARTICLE["bjnews"] = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>$headline | 新京报</title>
<meta name="description" content="$summary_attr">
</head>
<body>
<div class="header"><a class="logo" href="/bjnews/index.html">新京报</a><ul class="nav"><li><a href="/bjnews/index.html">首页</a></li><li><a href="/bjnews/list.html">文化</a></li><li><a href="/bjnews/list.html">娱乐</a></li><li><a href="/bjnews/about.html">关于我们</a></li></ul></div>
<div class="container">
<div class="crumbs">当前位置：<a href="/bjnews/index.html">首页</a> &gt; <a href="/bjnews/list.html">文娱</a></div>
<div class="bodyTitle"><div class="title"><h1>$headline</h1></div>
<div class="ntit"><span class="left"><a href="/bjnews/index.html" class="reporter">新京报</a><span class="timer">$date</span></span><span class="author">记者 $author</span></div></div>
<div class="content" id="contentStr">
$body
</div>
<div class="share"><span>分享到：</span><a href="#">微信</a><a href="#">微博</a><a href="#">QQ</a></div>
<div class="wx">扫一扫 下载新京报APP</div>
<div class="tuijian"><h3>推荐阅读</h3><ul>
$related
</ul></div>
</div>
<div class="footer">新京报社 版权所有 &copy; 2003-2025　新京报网 www.bjnews.com.cn<br>京ICP备15019765号-1　互联网新闻信息服务许可证：11120180002</div>
</body>
</html>
"""

ARTICLE["jiemian"] = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>$headline - 界面新闻</title>
<meta property="og:site_name" content="界面新闻">
<meta property="og:title" content="$headline_attr">
<meta property="article:published_time" content="$iso">
<meta name="description" content="$summary_attr">
</head>
<body>
<header class="header-container"><a class="logo" href="/jiemian/index.html">界面新闻</a><nav><a href="/jiemian/index.html">首页</a><a href="/jiemian/index.html#business">商业</a><a href="/jiemian/index.html#ent">文娱</a><a href="/jiemian/index.html#tech">科技</a><a href="/jiemian/about.html">关于界面</a></nav></header>
<div class="content-container">
<div class="breadcrumbs"><a href="/jiemian/index.html">界面新闻</a> · <a href="/jiemian/index.html#ent">文娱</a></div>
<div class="article-header">
<h1>$headline</h1>
<p class="summary">$summary</p>
<div class="article-info"><span class="author">$author</span><span class="date">$date</span><span class="source">来源：界面新闻</span></div>
</div>
<div class="article-main">
<div class="article-content">
$body
</div>
<div class="share-view">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ</a><p>扫一扫，分享到朋友圈</p></div>
</div>
<div class="related-list"><h3>推荐阅读</h3><ul>
$related
</ul></div>
</div>
<footer>&copy; 2025 界面新闻 jiemian.com 版权所有　沪ICP备14021365号-1</footer>
</body>
</html>
"""

ARTICLE["iqiyi"] = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>$headline - 爱奇艺新闻中心</title>
<meta property="og:site_name" content="爱奇艺">
<style>body{background:#111;color:#eee;font-family:PingFang SC,sans-serif}a{color:#00cc36}.qy-head{height:60px;border-bottom:1px solid #333}.qy-main{max-width:840px;margin:0 auto}</style>
</head>
<body>
<div class="qy-head"><a href="/iqiyi/index.html"><b>爱奇艺</b> 新闻中心</a> <span class="qy-nav"><a href="/iqiyi/index.html">首页</a> <a href="/iqiyi/index.html#news">公司新闻</a> <a href="/iqiyi/index.html#media">媒体报道</a> <a href="/iqiyi/about.html">关于爱奇艺</a> <a href="/iqiyi/rss.xml">RSS</a></span></div>
<div class="qy-main">
<p class="qy-bread"><a href="/iqiyi/index.html">新闻中心</a> / 公司新闻</p>
<h1 class="qy-news-title">$headline</h1>
<p class="qy-news-date">$date　来源：爱奇艺</p>
<div class="qy-news-content">
$body
</div>
<div class="qy-news-share">分享到：<a href="#">微信</a> <a href="#">微博</a><div class="qr">扫一扫 用爱奇艺APP打开</div></div>
<div class="qy-news-more"><h3>更多新闻</h3><ul>
$related
</ul></div>
</div>
<div class="qy-foot">&copy; 2025 iQIYI.COM 北京爱奇艺科技有限公司 版权所有　京ICP证060391号</div>
</body>
</html>
"""

ARTICLE["mgtv"] = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>$headline-芒果TV</title>
<style>.m-head{background:#ff5f00;color:#fff}.m-wrap{width:960px;margin:0 auto}</style>
</head>
<body>
<div class="m-head"><div class="m-wrap"><a href="/mgtv/index.html" class="m-logo">芒果TV</a><ul class="m-nav"><li><a href="/mgtv/index.html">首页</a></li><li><a href="/mgtv/news.html">新闻动态</a></li><li><a href="/mgtv/about.html">关于我们</a></li><li><a href="/mgtv/contact.html">联系我们</a></li></ul></div></div>
<div class="m-wrap">
<div class="m-crumb">首页 &gt; 新闻动态 &gt; 公司新闻</div>
<div class="m-article">
<h2 class="m-article-title">$headline</h2>
<div class="m-article-info">发布时间：$date　来源：芒果TV</div>
<div class="m-article-body">
$body
</div>
<div class="m-share">分享到：<a href="#">微信</a> <a href="#">微博</a> <span>扫一扫 关注芒果TV</span></div>
</div>
<dl class="m-related"><dt>推荐阅读</dt>
$related_dd
</dl>
</div>
<div class="m-foot">湖南快乐阳光互动娱乐传媒有限公司 版权所有 Copyright &copy; 2006-2025 MGTV.COM　湘ICP备09006963号</div>
</body>
</html>
"""

ARTICLE["bilibili"] = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="UTF-8">
<title>${headline}_哔哩哔哩 (゜-゜)つロ 干杯~-bilibili</title>
<meta property="og:site_name" content="哔哩哔哩">
<meta name="spm_prefix" content="333.1369">
</head>
<body>
<div id="biliMainHeader" class="bili-header"><a href="/bilibili/index.html">哔哩哔哩</a><span class="nav"><a href="/bilibili/index.html">首页</a> <a href="/bilibili/news.html">公告</a> <a href="/bilibili/about.html">关于我们</a></span></div>
<div class="news-page">
<div class="news-crumb"><a href="/bilibili/index.html">哔哩哔哩</a> &gt; <a href="/bilibili/news.html">新闻公告</a></div>
<div class="news-title">$headline</div>
<div class="news-meta"><span>$date</span><span>来源：哔哩哔哩</span></div>
<section class="news-body">
$body
</section>
<div class="news-share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a> <i>扫一扫 用手机看</i></div>
<div class="news-recommend"><h4>相关阅读</h4><ul>
$related
</ul></div>
</div>
<div class="bili-footer">bilibili 2009-2025　上海宽娱数码科技有限公司 版权所有　沪ICP备13002172号-3</div>
</body>
</html>
"""

ARTICLE["guduo"] = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>$headline | 骨朵数据</title>
<meta name="description" content="$summary_attr">
<meta name="publishdate" content="$iso_date">
</head>
<body>
<div class="gd-top"><a href="/guduo/index.html">骨朵数据</a> <a href="/guduo/index.html">首页</a> <a href="/guduo/list.html">行业资讯</a> <a href="/guduo/index.html#rank">热度榜单</a> <a href="/guduo/about.html">关于骨朵</a></div>
<div class="gd-article">
<div class="gd-crumb">首页 / 行业资讯 / 正文</div>
<h1>$headline</h1>
<div class="gd-meta">$date · 骨朵数据</div>
<div class="gd-text">
$body
</div>
<div class="gd-share">分享到：<a href="#">微信</a> <a href="#">微博</a> · 扫一扫关注骨朵数据公众号</div>
<div class="gd-hot"><h3>推荐阅读</h3><ol>
$related
</ol></div>
</div>
<div class="gd-foot">&copy; 2025 骨朵数据 guduodata.com　京ICP备15052380号-1</div>
</body>
</html>
"""

ARTICLE["iimedia"] = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>$headline-艾媒网</title>
<meta name="keywords" content="艾媒咨询,微短剧,网络视听">
</head>
<body>
<div class="im-header"><a href="/iimedia/index.html">艾媒网 iiMedia</a> <a href="/iimedia/index.html">首页</a> <a href="/iimedia/list.html">行业报告</a> <a href="/iimedia/about.html">关于艾媒</a> <a href="/iimedia/contact.html">联系我们</a></div>
<div class="im-container">
<div class="im-crumb">首页 &raquo; 行业报告 &raquo; 文娱</div>
<h1 class="im-title">$headline</h1>
<div class="im-info"><span>$date</span><span>来源：艾媒咨询</span><span>浏览：$views</span></div>
<div class="im-content">
$body
</div>
<div class="im-share">分享到：<a href="#">微信</a> <a href="#">微博</a>　扫一扫 关注艾媒咨询</div>
<div class="im-related"><b>相关阅读</b><ul>
$related
</ul></div>
</div>
<div class="im-footer">Copyright &copy; 2007-2025 iiMedia Research Inc. 广州艾媒数聚信息咨询股份有限公司　粤ICP备09082563号</div>
</body>
</html>
"""

ARTICLE["questmobile"] = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>$headline</title>
<meta property="og:site_name" content="QuestMobile">
<meta property="article:published_time" content="$iso">
</head>
<body>
<nav class="qm-nav"><a href="/questmobile/index.html">QuestMobile</a> <a href="/questmobile/index.html">首页</a> <a href="/questmobile/list.html">研究报告</a> <a href="/questmobile/about.html">关于我们</a></nav>
<div class="qm-report">
<div class="qm-crumb">首页 &gt; 研究报告</div>
<h1>$headline</h1>
<p class="qm-date">发布日期：$date</p>
<div class="qm-body">
$body
</div>
<p class="qm-note">本报告数据来源：QuestMobile TRUTH 中国移动互联网数据库。</p>
<div class="qm-share">分享到：<a href="#">微信</a> <a href="#">微博</a> 扫一扫 获取完整报告</div>
<div class="qm-more"><h3>更多报告</h3><ul>
$related
</ul></div>
</div>
<footer>&copy; 2025 北京贵士信息科技有限公司 QuestMobile　京ICP备15026034号-1</footer>
</body>
</html>
"""

ARTICLE["cnsa"] = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>$headline--中国网络视听节目服务协会</title>
</head>
<body>
<div class="cnsa-banner">中国网络视听节目服务协会 China Netcasting Services Association</div>
<div class="cnsa-menu"><a href="/cnsa/index.html">首页</a> <a href="/cnsa/about.html">协会简介</a> <a href="/cnsa/list.html">协会动态</a> <a href="/cnsa/contact.html">联系我们</a></div>
<div class="cnsa-main">
<div class="cnsa-loc">当前位置：<a href="/cnsa/index.html">首页</a> &gt; <a href="/cnsa/list.html">协会动态</a></div>
<h2 class="cnsa-title">$headline</h2>
<div class="cnsa-info">发布时间：$date　来源：中国网络视听节目服务协会</div>
<div class="cnsa-text">
$body
</div>
<div class="cnsa-share">分享到：<a href="#">微信</a> <a href="#">微博</a>　扫一扫 关注协会公众号</div>
<div class="cnsa-rel"><h3>相关阅读</h3><ul>
$related
</ul></div>
</div>
<div class="cnsa-foot">版权所有：中国网络视听节目服务协会　京ICP备11030138号-1</div>
</body>
</html>
"""


# ---------------------------------------------------------------- outlets: feeds, listings, extras


@dataclass
class Outlet:
    slug: str
    name: str
    encoding: str = "utf-8"
    feed: tuple[str, str] | None = None  # (path, "rss"|"atom"|"rss-gmt")
    listing: str | None = None  # path of the listing page
    link_style: str = "root"  # how listing links are written: root | relative
    pattern: str | None = None  # regex for sources.toml
    nav: list[tuple[str, str]] = field(default_factory=list)  # extra non-article pages (file, title)


OUTLETS: dict[str, Outlet] = {
    "nrta": Outlet(
        "nrta",
        "国家广播电视总局",
        listing="list.html",
        link_style="relative",
        pattern=r"/nrta/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$",
        nav=[("about.html", "机构概况"), ("zwgk.html", "政务公开"), ("contact.html", "互动交流")],
    ),
    "cac": Outlet(
        "cac",
        "中央网信办",
        listing="list.html",
        nav=[("about.html", "机构职能"), ("zcfg.html", "政策法规"), ("contact.html", "举报中心")],
    ),
    "miit": Outlet(
        "miit",
        "工业和信息化部",
        encoding="gbk",
        listing="list.html",
        link_style="relative",
        pattern=r"/miit/xwdt/.+/art_[0-9a-f]{32}\.html$",
        nav=[("about.html", "机构设置"), ("zwgk.html", "政务公开"), ("contact.html", "互动交流")],
    ),
    "xinhua": Outlet("xinhua", "新华网", feed=("rss.xml", "rss")),
    "people": Outlet(
        "people",
        "人民网",
        listing="list.html",
        link_style="relative",
        nav=[("about.html", "关于人民网"), ("contact.html", "联系我们")],
    ),
    "iqiyi": Outlet("iqiyi", "爱奇艺", feed=("rss.xml", "rss")),
    "mgtv": Outlet(
        "mgtv", "芒果TV", listing="news.html", nav=[("about.html", "关于我们"), ("contact.html", "联系我们")]
    ),
    "bilibili": Outlet(
        "bilibili",
        "哔哩哔哩",
        listing="news.html",
        pattern=r"/bilibili/blackboard/news-\d+\.html$",
        nav=[("about.html", "关于我们")],
    ),
    "36kr": Outlet("36kr", "36氪", feed=("feed.xml", "rss")),
    "ithome": Outlet("ithome", "IT之家", feed=("atom.xml", "atom")),
    "sina": Outlet("sina", "新浪科技", feed=("rss.xml", "rss-gmt")),
    "bjnews": Outlet("bjnews", "新京报", listing="list.html", nav=[("about.html", "关于我们")]),
    "jiemian": Outlet("jiemian", "界面新闻", feed=("atom.xml", "atom")),
    "guduo": Outlet(
        "guduo", "骨朵数据", listing="list.html", link_style="relative", nav=[("about.html", "关于骨朵")]
    ),
    "iimedia": Outlet(
        "iimedia",
        "艾媒咨询",
        listing="list.html",
        nav=[("about.html", "关于艾媒"), ("contact.html", "联系我们")],
    ),
    "questmobile": Outlet(
        "questmobile", "QuestMobile", listing="list.html", nav=[("about.html", "关于我们")]
    ),
    "cnsa": Outlet(
        "cnsa",
        "中国网络视听节目服务协会",
        listing="list.html",
        nav=[("about.html", "协会简介"), ("contact.html", "联系我们")],
    ),
}

EDITORS = ["王萌", "刘笑冬", "张樵苏", "孔张艳", "薛涛"]


def parse_time(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def summary_of(text: str, limit: int = 80) -> str:
    """First substantive paragraph, shortened: what a feed's description or a page's summary shows."""
    for para in text.split("\n"):
        p = para.strip()
        if p and "记者 |" not in p and "编辑 |" not in p and len(p) > 15:
            return p if len(p) <= limit else p[:limit] + "……"
    return text[:limit]


def body_html(slug: str, text: str) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    if slug == "miit":
        # an older CMS: full-width indent spaces inside the paragraphs
        return "\n".join(f"<p>\u3000\u3000{escape(p)}</p>" for p in paras)
    if slug == "people":
        return "\n".join(f'<p style="text-indent: 2em;">{escape(p)}</p>' for p in paras)
    if slug == "36kr":
        return "\n".join(f'<p class="paragraph">{escape(p)}</p>' for p in paras)
    return "\n".join(f"<p>{escape(p)}</p>" for p in paras)


def related_for(report: dict, linkable: list[dict]) -> list[dict]:
    """Up to five other linkable reports of the same outlet, nearest in time first (deterministic)."""
    others = [r for r in linkable if r["id"] != report["id"]]
    others.sort(
        key=lambda r: (
            abs(parse_time(r["published"]).timestamp() - parse_time(report["published"]).timestamp()),
            r["id"],
        )
    )
    return others[:5]


def render_article(report: dict, linkable: list[dict]) -> bytes:
    slug = report["outlet_slug"]
    outlet = OUTLETS[slug]
    t = parse_time(report["published"])
    rel = related_for(report, linkable)
    related = "\n".join(f'<li><a href="{escape(r["url"])}">{escape(r["title"])}</a></li>' for r in rel)
    related_dd = "\n".join(f'<dd><a href="{escape(r["url"])}">{escape(r["title"])}</a></dd>' for r in rel)
    num = int(report["id"][1:])
    summary = summary_of(report["text"])
    values = {
        "headline": escape(report["title"], quote=False),
        "headline_attr": escape(report["title"]),
        "site": outlet.name,
        "date": DATE_FORMATS[slug](t),
        "iso": report["published"],
        "iso_date": f"{t:%Y-%m-%d}",
        "iso_minute": f"{t:%Y-%m-%d %H:%M}",
        "year": str(t.year),
        "month2": f"{t:%m}",
        "day2": f"{t:%d}",
        "hms": f"{t:%H:%M:%S}",
        "author": escape(report["author"] or outlet.name),
        "author_attr": escape(report["author"]),
        "summary": escape(summary, quote=False),
        "summary_attr": escape(summary),
        "body": body_html(slug, report["text"]),
        "related": related,
        "related_dd": related_dd,
        "editor": EDITORS[num % len(EDITORS)],
        "pubid": f"{100 + num % 7}",
        "views": str(1000 + (num * 7919) % 90000),
    }
    html = Template(ARTICLE[slug]).substitute(values)
    return html.encode(outlet.encoding)


# ---------------------------------------------------------------- feeds


def xml_text(s: str) -> str:
    return escape(s, quote=False)


def render_rss(outlet: Outlet, items: list[dict], gmt: bool) -> bytes:
    def when(r: dict) -> str:
        t = parse_time(r["published"])
        return format_datetime(t.astimezone(UTC), usegmt=True) if gmt else format_datetime(t)

    newest = max(items, key=lambda r: r["published"]) if items else None
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{xml_text(outlet.name)}</title>",
        f"<link>{BASE}/{outlet.slug}/index.html</link>",
        f'<atom:link href="{BASE}/{outlet.slug}/{outlet.feed[0] if outlet.feed else ""}" rel="self" type="application/rss+xml"/>',
        f"<description>{xml_text(outlet.name)} 最新文章</description>",
        "<language>zh-cn</language>",
    ]
    if newest:
        lines.append(f"<lastBuildDate>{when(newest)}</lastBuildDate>")
    for r in sorted(items, key=lambda r: (r["published"], r["id"]), reverse=True):
        lines += [
            "<item>",
            f"<title>{xml_text(r['title'])}</title>",
            f"<link>{BASE}{r['url']}</link>",
            f'<guid isPermaLink="true">{BASE}{r["url"]}</guid>',
            f"<pubDate>{when(r)}</pubDate>",
        ]
        if r["author"]:
            lines.append(f"<dc:creator>{xml_text(r['author'])}</dc:creator>")
        lines += [f"<description>{xml_text(summary_of(r['text']))}</description>", "</item>"]
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines).encode("utf-8")


def render_atom(outlet: Outlet, items: list[dict]) -> bytes:
    newest = max((r["published"] for r in items), default="2025-06-09T00:00:00+08:00")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<title>{xml_text(outlet.name)}</title>",
        f'<link href="{BASE}/{outlet.slug}/index.html"/>',
        f'<link rel="self" href="{BASE}/{outlet.slug}/{outlet.feed[0] if outlet.feed else ""}"/>',
        f"<id>{BASE}/{outlet.slug}/</id>",
        f"<updated>{newest}</updated>",
    ]
    for r in sorted(items, key=lambda r: (r["published"], r["id"]), reverse=True):
        lines += [
            "<entry>",
            f"<title>{xml_text(r['title'])}</title>",
            f'<link rel="alternate" type="text/html" href="{BASE}{r["url"]}"/>',
            f"<id>{BASE}{r['url']}</id>",
            f"<published>{r['published']}</published>",
            f"<updated>{r['published']}</updated>",
            f"<author><name>{xml_text(r['author'] or outlet.name)}</name></author>",
            f"<summary>{xml_text(summary_of(r['text']))}</summary>",
            "</entry>",
        ]
    lines += ["</feed>", ""]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------- listing and plain pages


def listing_href(outlet: Outlet, url: str) -> str:
    if outlet.link_style == "relative":
        return url[len(f"/{outlet.slug}/") :]
    return url


def render_listing(outlet: Outlet, items: list[dict]) -> bytes:
    fmt = DATE_FORMATS[outlet.slug]
    rows = []
    for r in sorted(items, key=lambda r: (r["published"], r["id"]), reverse=True):
        t = parse_time(r["published"])
        href = escape(listing_href(outlet, r["url"]))
        if outlet.slug in ("nrta", "miit", "cnsa"):
            rows.append(
                f'<li><a href="{href}" target="_blank" title="{escape(r["title"])}">{escape(r["title"])}</a><span class="date">{t:%Y-%m-%d}</span></li>'
            )
        elif outlet.slug == "bjnews":
            rows.append(
                f'<div class="pin_demo"><h3><a href="{href}">{escape(r["title"])}</a></h3><p>{escape(summary_of(r["text"], 50))}</p><span>{fmt(t)}</span></div>'
            )
        else:
            rows.append(
                f'<li><span class="time">{fmt(t)}</span><a href="{href}">{escape(r["title"])}</a></li>'
            )
    charset = '<meta charset="gbk">' if outlet.encoding == "gbk" else '<meta charset="utf-8">'
    nav = " | ".join(f'<a href="{f}">{escape(t)}</a>' for f, t in [("index.html", "首页"), *outlet.nav])
    wrap_open, wrap_close = (
        ('<div class="news-list">', "</div>")
        if outlet.slug == "bjnews"
        else ('<ul class="news-list">', "</ul>")
    )
    html = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset}
<title>新闻列表 - {escape(outlet.name)}</title>
</head>
<body>
<div class="header"><a href="index.html">{escape(outlet.name)}</a></div>
<div class="nav">{nav}</div>
<div class="breadcrumb">当前位置：<a href="index.html">首页</a> &gt; 新闻列表</div>
<div class="main">
<h2 class="list-title">最新动态</h2>
{wrap_open}
{chr(10).join(rows)}
{wrap_close}
<div class="page">共{len(rows)}条　第1页/共1页　<a href="index.html">返回首页</a></div>
</div>
<div class="side"><h3>快速链接</h3><ul><li><a href="about.html">关于我们</a></li><li><a href="contact.html">联系我们</a></li><li><a href="/index.html">网站导航</a></li></ul></div>
<div class="footer">版权所有 &copy; 2025 {escape(outlet.name)}　（演示站点）</div>
</body>
</html>
"""
    return html.encode(outlet.encoding)


def render_plain(outlet: Outlet, title: str, paras: list[str]) -> bytes:
    charset = (
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        if outlet.encoding == "gbk"
        else '<meta charset="utf-8">'
    )
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    html = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset}
<title>{escape(title)} - {escape(outlet.name)}</title>
</head>
<body>
<div class="header"><a href="index.html">{escape(outlet.name)}</a></div>
<h1>{escape(title)}</h1>
{body}
<div class="footer">版权所有 &copy; 2025 {escape(outlet.name)}　（演示站点）</div>
</body>
</html>
"""
    return html.encode(outlet.encoding)


def outlet_pages(outlet: Outlet) -> dict[str, bytes]:
    links = []
    if outlet.listing:
        links.append(f'<a href="{outlet.listing}">新闻列表</a>')
    if outlet.feed:
        links.append(
            f'<a href="{outlet.feed[0]}">订阅（{"Atom" if outlet.feed[1] == "atom" else "RSS"}）</a>'
        )
    links += [f'<a href="{f}">{escape(t)}</a>' for f, t in outlet.nav]
    pages = {
        "index.html": render_plain(outlet, "首页", [f"欢迎访问{escape(outlet.name)}。", " | ".join(links)])
    }
    for f, t in outlet.nav:
        pages[f] = render_plain(
            outlet,
            t,
            [f"{escape(outlet.name)}演示站点：{escape(t)}页面。", '<a href="index.html">返回首页</a>'],
        )
    for f, t in [("about.html", "关于我们"), ("contact.html", "联系我们")]:
        pages.setdefault(
            f,
            render_plain(
                outlet, t, [f"{escape(outlet.name)}演示站点：{t}。", '<a href="index.html">返回首页</a>']
            ),
        )
    return pages


def render_root(outlets: list[Outlet]) -> bytes:
    rows = []
    for o in outlets:
        extra = []
        if o.listing:
            extra.append(f'<a href="/{o.slug}/{o.listing}">列表</a>')
        if o.feed:
            extra.append(f'<a href="/{o.slug}/{o.feed[0]}">订阅</a>')
        rows.append(f'<li><a href="/{o.slug}/index.html">{escape(o.name)}</a> {" ".join(extra)}</li>')
    html = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>zhoubao 演示站点</title>
</head>
<body>
<h1>zhoubao 演示站点</h1>
<p>本站模拟一周（2025年6月2日至6月9日）网络视听行业的公开报道，供 zhoubao 演示和测试使用。文章为测试而写，所述细节可能为虚构。</p>
<ul>
{chr(10).join(rows)}
</ul>
</body>
</html>
"""
    return html.encode("utf-8")


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def render_sources(reports: list[dict]) -> bytes:
    out = [
        "# Sources the demo adds (written by tools/make_demo_site.py; do not edit by hand).",
        f"# URLs use the placeholder base {BASE}; the demo server rewrites it to its loopback address.",
        "",
    ]
    # The outlet kind of a source drives its authority in ranking (a regulator outranks a blog).
    kinds = {r["outlet_slug"]: r["outlet_kind"] for r in reports}
    for o in OUTLETS.values():
        if o.feed:
            out += [
                "[[source]]",
                f"name = {toml_str(o.name)}",
                f"url = {toml_str(f'{BASE}/{o.slug}/{o.feed[0]}')}",
                'kind = "feed"',
                f"outlet_kind = {toml_str(kinds.get(o.slug, ''))}",
                "",
            ]
    for o in OUTLETS.values():
        if o.listing:
            out += [
                "[[source]]",
                f"name = {toml_str(o.name)}",
                f"url = {toml_str(f'{BASE}/{o.slug}/{o.listing}')}",
                'kind = "listing"',
                f"outlet_kind = {toml_str(kinds.get(o.slug, ''))}",
            ]
            if o.pattern:
                out.append(f"pattern = '{o.pattern}'")
            out.append("")
    for r in reports:
        if r["via"] == "page":
            out += [
                "[[source]]",
                f"name = {toml_str(r['outlet'] + '：' + r['title'])}",
                f"url = {toml_str(BASE + r['url'])}",
                'kind = "page"',
                f"outlet_kind = {toml_str(r['outlet_kind'])}",
                "",
            ]
    return "\n".join(out).encode("utf-8")


# ---------------------------------------------------------------- main


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def build(week: Path, out: Path) -> int:
    reports = [
        json.loads(line)
        for line in (week / "reports.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    by_outlet: dict[str, list[dict]] = {}
    for r in reports:
        by_outlet.setdefault(r["outlet_slug"], []).append(r)
    count = 0
    for slug, items in sorted(by_outlet.items()):
        outlet = OUTLETS[slug]
        linkable = [r for r in items if r["via"] != "page"]
        for r in items:
            if r.get("encoding", "utf-8") != outlet.encoding:
                raise SystemExit(
                    f"{r['id']}: encoding {r.get('encoding')} but outlet {slug} is {outlet.encoding}"
                )
            write(out / r["url"].lstrip("/"), render_article(r, linkable))
            count += 1
        feed_items = [r for r in items if r["via"] == "feed"]
        list_items = [r for r in items if r["via"] == "listing"]
        if feed_items and not outlet.feed:
            raise SystemExit(f"{slug}: reports via feed but the outlet has no feed")
        if list_items and not outlet.listing:
            raise SystemExit(f"{slug}: reports via listing but the outlet has no listing page")
        if outlet.feed:
            path, kind = outlet.feed
            data = (
                render_atom(outlet, feed_items)
                if kind == "atom"
                else render_rss(outlet, feed_items, gmt=kind == "rss-gmt")
            )
            write(out / slug / path, data)
        if outlet.listing:
            write(out / slug / outlet.listing, render_listing(outlet, list_items))
        for name, data in outlet_pages(outlet).items():
            write(out / slug / name, data)
    write(out / "index.html", render_root([OUTLETS[s] for s in sorted(by_outlet)]))
    write(out / "sources.toml", render_sources(reports))
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--week", type=Path, default=WEEK)
    ap.add_argument("--out", type=Path, default=SITE)
    args = ap.parse_args()
    n = build(args.week, args.out)
    print(f"wrote {n} article pages to {args.out}")


if __name__ == "__main__":
    main()
